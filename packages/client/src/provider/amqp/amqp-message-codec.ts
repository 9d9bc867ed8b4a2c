import { amqp, AmqpWriter, decodeMessage, encodeMessage } from "@jms-ts/codec";
import type { Destination } from "../../jms/destinations";
import type { MessageFacade } from "../../message/message-facade";
import { ProviderError } from "../provider-error";
import { AmqpMessageFacade } from "./amqp-message-facade";
import { JmsMessageType, MessageAnnotation } from "./amqp-symbols";
import { AmqpTextMessageFacade } from "./amqp-text-message-facade";
import { AmqpBytesMessageFacade } from "./amqp-bytes-message-facade";
import { AmqpMapMessageFacade } from "./amqp-map-message-facade";
import { AmqpStreamMessageFacade } from "./amqp-stream-message-facade";
import { AmqpObjectMessageFacade } from "./amqp-object-message-facade";
import { messageKind } from "./message-kind";
import { annotationNumber, getAnnotation, setAnnotation } from "./annotations";

const typeByKind = {
  message: JmsMessageType.message,
  text: JmsMessageType.text,
  bytes: JmsMessageType.bytes,
  map: JmsMessageType.map,
  stream: JmsMessageType.stream,
  object: JmsMessageType.object,
} as const;

/**
 * One writer for every send in the process (encoding is synchronous), so a message costs one buffer of its
 * exact size rather than a writer growing from scratch; dropped after an unusually large message.
 */
let sendWriter = new AmqpWriter(4096);
const KEPT_WRITER_BYTES = 1024 * 1024;

/** The bytes of a message as Qpid JMS would send it: type annotation as a byte, sections as set. */
export function encodeForSend(facade: MessageFacade, timeToLiveMs: number): Buffer {
  if (!(facade instanceof AmqpMessageFacade)) {
    throw new ProviderError(
      "message-format",
      "this message was not created by a jms-ts session of an AMQP connection",
    );
  }
  facade.setTimeToLive(timeToLiveMs);
  facade.setMessageAnnotation(MessageAnnotation.jmsMessageType, amqp.byte(typeByKind[facade.kind]));
  sendWriter.reset();
  try {
    return encodeMessage(facade.sections, sendWriter);
  } finally {
    if (sendWriter.capacity > KEPT_WRITER_BYTES) sendWriter = new AmqpWriter(4096);
  }
}

/**
 * The facade for received bytes. The JMS type comes from x-opt-jms-msg-type, or for senders that do not
 * write it, from the body and content-type [qpid-jms 2.2].
 * @throws AmqpDecodeError for bytes that are not an AMQP message.
 */
export function decodeReceived(
  bytes: Buffer,
  consumerDestination: Destination,
  arrivalMs: number,
): AmqpMessageFacade {
  const sections = decodeMessage(bytes);
  const annotated = annotationNumber(
    getAnnotation(sections.messageAnnotations, MessageAnnotation.jmsMessageType),
  );
  // The type annotation is transport detail: the facade drops it, as Qpid JMS does.
  const rest = setAnnotation(sections.messageAnnotations, MessageAnnotation.jmsMessageType, undefined);
  if (rest) sections.messageAnnotations = rest;
  else delete sections.messageAnnotations;
  const facades = {
    message: AmqpMessageFacade,
    text: AmqpTextMessageFacade,
    bytes: AmqpBytesMessageFacade,
    map: AmqpMapMessageFacade,
    stream: AmqpStreamMessageFacade,
    object: AmqpObjectMessageFacade,
  };
  return new facades[messageKind(annotated, sections)](sections, consumerDestination, arrivalMs);
}
