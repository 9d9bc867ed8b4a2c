import type { EventContext, Sender } from "rhea";
import type { BrokerContext } from "./broker-context";

/** The client granted credit: hand it waiting messages [AMQP 2.6.7]. */
export function onSendable(broker: BrokerContext, context: EventContext): void {
  broker.consumers.get(context.sender as Sender)?.queue.dispatch();
}

/**
 * The client asked us to drain [AMQP 2.6.7]: send what is waiting, then give up the rest of the credit.
 * Qpid JMS's receive(timeout), receiveNoWait() and QueueBrowser enumeration hang without this answer.
 */
export function onSenderDraining(broker: BrokerContext, context: EventContext): void {
  const sender = context.sender as Sender;
  const consumer = broker.consumers.get(sender);
  if (consumer) consumer.drain();
  else sender.set_drained(true);
}
