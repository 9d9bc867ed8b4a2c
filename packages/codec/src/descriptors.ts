// Descriptors of the message sections [AMQP 3.2]. Each has a numeric code (domain 0x00000000, so a plain
// ulong) and a symbolic name; a peer may send either.
import type { AmqpValue } from "./amqp-value";

export const SectionCode = {
  header: 0x70,
  deliveryAnnotations: 0x71,
  messageAnnotations: 0x72,
  properties: 0x73,
  applicationProperties: 0x74,
  data: 0x75,
  amqpSequence: 0x76,
  amqpValue: 0x77,
  footer: 0x78,
} as const;

const BY_SYMBOL = new Map<string, number>([
  ["amqp:header:list", SectionCode.header],
  ["amqp:delivery-annotations:map", SectionCode.deliveryAnnotations],
  ["amqp:message-annotations:map", SectionCode.messageAnnotations],
  ["amqp:properties:list", SectionCode.properties],
  ["amqp:application-properties:map", SectionCode.applicationProperties],
  ["amqp:data:binary", SectionCode.data],
  ["amqp:amqp-sequence:list", SectionCode.amqpSequence],
  ["amqp:amqp-value:*", SectionCode.amqpValue],
  ["amqp:footer:map", SectionCode.footer],
]);

/** The section code a descriptor names, or undefined when it names no message section. */
export function sectionCodeOf(descriptor: AmqpValue): number | undefined {
  if (descriptor.type === "symbol") return BY_SYMBOL.get(descriptor.value);
  if (descriptor.type !== "ulong") return undefined;
  const code = Number(descriptor.value);
  return code >= SectionCode.header && code <= SectionCode.footer ? code : undefined;
}
