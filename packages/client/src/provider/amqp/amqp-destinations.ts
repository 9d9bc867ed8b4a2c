import { amqp, type AmqpValue } from "@jms-ts/codec";
import { type Destination, Queue, TemporaryQueue, TemporaryTopic, Topic } from "../../jms/destinations";
import { annotationNumber } from "./annotations";
import { Capability, JmsDestinationType } from "./amqp-symbols";

// How JMS destinations travel: the address in `to`/`reply-to`, the kind in a byte annotation
// (x-opt-jms-dest / x-opt-jms-reply-to) and in link capabilities [qpid-jms 2.3].

type TypeCode = (typeof JmsDestinationType)[keyof typeof JmsDestinationType];

function typeCode(destination: Destination): TypeCode {
  if (destination.kind === "topic") {
    return destination.temporary ? JmsDestinationType.temporaryTopic : JmsDestinationType.topic;
  }
  return destination.temporary ? JmsDestinationType.temporaryQueue : JmsDestinationType.queue;
}

export function destinationTypeAnnotation(destination: Destination): AmqpValue {
  return amqp.byte(typeCode(destination));
}

/** The node type capability on a link's source or target: queue, topic, temporary-queue or temporary-topic. */
export function nodeCapability(destination: Destination): string {
  const byCode = {
    [JmsDestinationType.queue]: Capability.queue,
    [JmsDestinationType.topic]: Capability.topic,
    [JmsDestinationType.temporaryQueue]: Capability.temporaryQueue,
    [JmsDestinationType.temporaryTopic]: Capability.temporaryTopic,
  };
  return byCode[typeCode(destination)];
}

/** A destination of the given kind; temporaries read from messages have no owner, so no `delete()`. */
export function destinationOf(address: string, code: number): Destination {
  switch (code) {
    case JmsDestinationType.topic:
      return new Topic(address);
    case JmsDestinationType.temporaryQueue:
      return new TemporaryQueue(address);
    case JmsDestinationType.temporaryTopic:
      return new TemporaryTopic(address);
    default:
      return new Queue(address);
  }
}

/**
 * The destination a received message names [qpid-jms 2.3]: its kind from the byte annotation, else the
 * legacy string annotation (`queue`, `topic`, `temporary`, comma-separated), else the kind of the
 * consumer's destination, else a queue.
 */
export function readDestination(
  address: string | undefined,
  typeAnnotation: AmqpValue | undefined,
  fallback: Destination | undefined,
  legacyAnnotation?: AmqpValue,
): Destination | null {
  if (address === undefined) return null;
  const code =
    annotationNumber(typeAnnotation) ??
    legacyTypeCode(legacyAnnotation) ??
    (fallback ? typeCode(fallback) : JmsDestinationType.queue);
  return destinationOf(address, code);
}

function legacyTypeCode(value: AmqpValue | undefined): number | undefined {
  if (value?.type !== "string" && value?.type !== "symbol") return undefined;
  const parts = new Set(value.value.split(",").map((part) => part.trim()));
  const temporary = parts.has("temporary");
  if (parts.has("topic")) return temporary ? JmsDestinationType.temporaryTopic : JmsDestinationType.topic;
  if (parts.has("queue")) return temporary ? JmsDestinationType.temporaryQueue : JmsDestinationType.queue;
  return undefined;
}
