import type { EventContext, Receiver, Sender } from "rhea";
import type { BrokerContext } from "./broker-context";

/**
 * A link closed or detached: a consumer's unsettled messages go back to its queue, a subscription ends
 * (a durable one only when closed), a dynamic node it created is deleted.
 */
export function onSenderClose(broker: BrokerContext, context: EventContext): void {
  const sender = context.sender as Sender;
  broker.links.gone(sender);
  answerDetach(sender);
}

export function onReceiverClose(broker: BrokerContext, context: EventContext): void {
  broker.links.gone(context.receiver as Receiver);
}

/**
 * A peer that only detached a link (closed=false: a durable subscriber going away for now) is answered
 * with a detach, not a close [AMQP 2.6.6]; rhea would answer with closed=true. Links the broker closed
 * itself meanwhile (with an error) are left alone.
 */
function answerDetach(link: Sender): void {
  const remote = (link as unknown as { remote?: { detach?: { closed?: unknown } } }).remote;
  if (remote?.detach && remote.detach.closed !== true && !link.is_itself_closed()) link.detach();
}
