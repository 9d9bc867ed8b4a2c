import type { EventContext, Receiver, Sender } from "rhea";
import type { BrokerContext } from "./broker-context";

/** A consumer link closed or detached: what it held goes back to its queue. */
export function onSenderClose(broker: BrokerContext, context: EventContext): void {
  const sender = context.sender as Sender;
  broker.consumers.get(sender)?.detach();
  broker.consumers.delete(sender);
}

export function onReceiverClose(broker: BrokerContext, context: EventContext): void {
  broker.producers.delete(context.receiver as Receiver);
}
