import { Capability, JmsDestinationType } from "../transport/amqp-symbols";

/** Queue or topic semantics for a node. */
export type NodeKind = "queue" | "topic";

/**
 * The node kind the capabilities on a terminus ask for [qpid-jms 2.1]: `topic`/`temporary-topic` mean a
 * topic, `queue`/`temporary-queue` a queue; none of them leaves it to the address.
 */
export function nodeKindOf(capabilities: unknown): NodeKind | undefined {
  const list = Array.isArray(capabilities) ? capabilities : [capabilities];
  if (list.includes(Capability.topic) || list.includes(Capability.temporaryTopic)) return "topic";
  if (list.includes(Capability.queue) || list.includes(Capability.temporaryQueue)) return "queue";
  return undefined;
}

/** The node kind of a relayed message's x-opt-jms-dest byte [qpid-jms 2.3]: 0/2 queue, 1/3 topic. */
export function nodeKindOfDestinationType(code: number | undefined): NodeKind | undefined {
  switch (code) {
    case JmsDestinationType.queue:
    case JmsDestinationType.temporaryQueue:
      return "queue";
    case JmsDestinationType.topic:
    case JmsDestinationType.temporaryTopic:
      return "topic";
    default:
      return undefined;
  }
}
