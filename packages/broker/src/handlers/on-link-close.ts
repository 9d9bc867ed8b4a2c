import type { EventContext, Receiver, Sender } from "rhea";
import type { BrokerContext } from "./broker-context";

/**
 * A link closed or detached: a consumer's unsettled messages go back to its queue, a subscription ends,
 * a dynamic node it created is deleted.
 */
export function onSenderClose(broker: BrokerContext, context: EventContext): void {
  broker.links.gone(context.sender as Sender);
}

export function onReceiverClose(broker: BrokerContext, context: EventContext): void {
  broker.links.gone(context.receiver as Receiver);
}
