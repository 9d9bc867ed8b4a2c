import { amqp, type AmqpValue } from "@jms-ts/codec";
import { type Destination, Queue, Topic } from "../../jms/destinations";
import { annotationNumber } from "./annotations";
import { Capability, JmsDestinationType } from "./amqp-symbols";

// How JMS destinations travel: the address in `to`/`reply-to`, the kind in a byte annotation
// (x-opt-jms-dest / x-opt-jms-reply-to) and in link capabilities [qpid-jms 2.3].

export function destinationTypeAnnotation(destination: Destination): AmqpValue {
  return amqp.byte(destination.kind === "topic" ? JmsDestinationType.topic : JmsDestinationType.queue);
}

export function nodeCapability(destination: Destination): string {
  return destination.kind === "topic" ? Capability.topic : Capability.queue;
}

/**
 * The destination a received message names. Without a type annotation it takes the kind of the consumer's
 * destination, as Qpid JMS does. Temporary kinds read as their plain kind until temporary destinations land.
 */
export function readDestination(
  address: string | undefined,
  typeAnnotation: AmqpValue | undefined,
  fallback: Destination | undefined,
): Destination | null {
  if (address === undefined) return null;
  const type = annotationNumber(typeAnnotation);
  const isTopic =
    type === undefined
      ? fallback?.kind === "topic"
      : type === JmsDestinationType.topic || type === JmsDestinationType.temporaryTopic;
  return isTopic ? new Topic(address) : new Queue(address);
}
