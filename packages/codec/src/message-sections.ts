// The message format [AMQP 3.2]: a message is a sequence of described sections. This module holds the
// section model and its encoder.
import type { AmqpValue } from "./amqp-value";
import { amqp } from "./amqp";
import { SectionCode as S } from "./descriptors";
import { FormatCode } from "./format-codes";
import type { Header } from "./header";
import { headerToList } from "./header";
import type { Properties } from "./properties";
import { propertiesToList } from "./properties";
import { AmqpWriter } from "./writer";

export type Body =
  /** One amqp-value section [AMQP 3.2.8]. */
  | { kind: "value"; value: AmqpValue }
  /** One or more data sections [AMQP 3.2.6]. */
  | { kind: "data"; chunks: Buffer[] }
  /** One or more amqp-sequence sections [AMQP 3.2.7]. */
  | { kind: "sequence"; lists: AmqpValue[][] };

export interface MessageSections {
  header?: Header;
  /** Annotation keys are symbols or ulongs [AMQP 3.2.10]. */
  deliveryAnnotations?: Array<[AmqpValue, AmqpValue]>;
  messageAnnotations?: Array<[AmqpValue, AmqpValue]>;
  properties?: Properties;
  applicationProperties?: Array<[string, AmqpValue]>;
  body?: Body;
  footer?: Array<[AmqpValue, AmqpValue]>;
}

/** Writes one section: its descriptor as a small ulong, then its value. */
export function writeSection(w: AmqpWriter, code: number, value: AmqpValue): void {
  w.writeUint8(FormatCode.described);
  w.writeUint8(FormatCode.smallulong);
  w.writeUint8(code);
  w.writeValue(value);
}

/** Writes the header section [AMQP 3.2.1]. */
export function writeHeader(w: AmqpWriter, header: Header): void {
  writeSection(w, S.header, amqp.list(headerToList(header)));
}

function writeBody(w: AmqpWriter, body: Body): void {
  switch (body.kind) {
    case "value":
      return writeSection(w, S.amqpValue, body.value);
    case "data":
      if (body.chunks.length === 0) throw new RangeError("a data body needs at least one chunk");
      return body.chunks.forEach((chunk) => writeSection(w, S.data, amqp.binary(chunk)));
    case "sequence":
      if (body.lists.length === 0) throw new RangeError("a sequence body needs at least one list");
      return body.lists.forEach((list) => writeSection(w, S.amqpSequence, amqp.list(list)));
  }
}

/**
 * Encodes the sections that are present, in spec order. With a `writer`, the sections are appended to it
 * (for buffer reuse) and the returned buffer holds just this message's bytes.
 */
export function encodeMessage(m: MessageSections, writer: AmqpWriter = new AmqpWriter()): Buffer {
  const start = writer.length;
  if (m.header) writeHeader(writer, m.header);
  if (m.deliveryAnnotations) writeSection(writer, S.deliveryAnnotations, amqp.map(m.deliveryAnnotations));
  if (m.messageAnnotations) writeSection(writer, S.messageAnnotations, amqp.map(m.messageAnnotations));
  if (m.properties) writeSection(writer, S.properties, amqp.list(propertiesToList(m.properties)));
  if (m.applicationProperties) {
    const entries = m.applicationProperties.map(([k, v]): [AmqpValue, AmqpValue] => [amqp.string(k), v]);
    writeSection(writer, S.applicationProperties, amqp.map(entries));
  }
  if (m.body) writeBody(writer, m.body);
  if (m.footer) writeSection(writer, S.footer, amqp.map(m.footer));
  return writer.toBuffer(start);
}
