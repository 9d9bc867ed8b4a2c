// Decodes message sections [AMQP 3.2], checking each section's value has the type the spec gives it.
import type { AmqpTypeName, AmqpValue, AmqpValueOf } from "./amqp-value";
import { AmqpReader } from "./decoder";
import { SectionCode as S } from "./descriptors";
import { headerFromList } from "./header";
import type { MessageSections } from "./message-sections";
import { propertiesFromList } from "./properties";
import { readSectionHead, SectionOrder } from "./section-reader";

/** The sections a router needs; decoding stops before the body. */
export type RoutingSections = Pick<
  MessageSections,
  "header" | "properties" | "messageAnnotations" | "applicationProperties"
>;

function expect<T extends AmqpTypeName>(r: AmqpReader, v: AmqpValue, type: T, at: number): AmqpValueOf<T> {
  if (v.type === type) return v as AmqpValueOf<T>;
  return r.fail(`section must hold a ${type}, got ${v.type}`, at);
}

/** Stores one decoded section of the routing part (codes 0x70-0x74) on `m`. */
function applyRouting(r: AmqpReader, m: MessageSections, code: number, v: AmqpValue, at: number): void {
  switch (code) {
    case S.header:
      m.header = headerFromList(expect(r, v, "list", at).value, at);
      return;
    case S.deliveryAnnotations:
      m.deliveryAnnotations = expect(r, v, "map", at).value;
      return;
    case S.messageAnnotations:
      m.messageAnnotations = expect(r, v, "map", at).value;
      return;
    case S.properties:
      m.properties = propertiesFromList(expect(r, v, "list", at).value, at);
      return;
    case S.applicationProperties:
      m.applicationProperties = expect(r, v, "map", at).value.map(([k, x]): [string, AmqpValue] => [
        expect(r, k, "string", at).value, // [AMQP 3.2.5] keys are strings
        x,
      ]);
  }
}

function applyBody(r: AmqpReader, m: MessageSections, code: number, v: AmqpValue, at: number): void {
  switch (code) {
    case S.data: {
      const chunk = expect(r, v, "binary", at).value;
      if (m.body?.kind === "data") m.body.chunks.push(chunk);
      else m.body = { kind: "data", chunks: [chunk] };
      return;
    }
    case S.amqpSequence: {
      const list = expect(r, v, "list", at).value;
      if (m.body?.kind === "sequence") m.body.lists.push(list);
      else m.body = { kind: "sequence", lists: [list] };
      return;
    }
    case S.amqpValue:
      m.body = { kind: "value", value: v };
      return;
    case S.footer:
      m.footer = expect(r, v, "map", at).value;
  }
}

/** Decodes a whole message. Throws AmqpDecodeError for malformed bytes or sections out of order. */
export function decodeMessage(buf: Buffer): MessageSections {
  const r = new AmqpReader(buf);
  const order = new SectionOrder();
  const m: MessageSections = {};
  while (!r.atEnd) {
    const at = r.pos;
    const code = readSectionHead(r);
    order.check(r, code, at);
    const value = r.readValue();
    if (code < S.data) applyRouting(r, m, code, value, at);
    else applyBody(r, m, code, value, at);
  }
  return m;
}

/** Decodes the sections before the body (delivery annotations are skipped); the body is never read. */
export function decodeHeaderAndProperties(buf: Buffer): RoutingSections {
  const r = new AmqpReader(buf);
  const order = new SectionOrder();
  const m: MessageSections = {};
  while (!r.atEnd) {
    const at = r.pos;
    const code = readSectionHead(r);
    if (code >= S.data) break;
    order.check(r, code, at);
    if (code === S.deliveryAnnotations) r.skipValue();
    else applyRouting(r, m, code, r.readValue(), at);
  }
  return m;
}
