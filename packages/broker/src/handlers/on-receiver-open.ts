import type { EventContext, Receiver } from "rhea";
import type { BrokerContext } from "./broker-context";
import { refuseLink } from "./refuse-link";

/** A client attached a sending link: it becomes a producer into the queue named by its target. */
export function onReceiverOpen(broker: BrokerContext, context: EventContext): void {
  const receiver = context.receiver as Receiver;
  const target = receiver.target as { address?: unknown; capabilities?: unknown } | undefined;
  try {
    const queue = broker.resolver.resolveQueue(target?.address);
    receiver.set_target({ address: queue.name, capabilities: target?.capabilities as string[] });
    broker.producers.set(receiver, queue);
  } catch (error) {
    refuseLink(receiver, error);
  }
}
