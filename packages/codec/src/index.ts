// @jms-ts/codec: a lossless AMQP 1.0 codec. Values keep their exact AMQP types [AMQP part 1] and messages
// are handled section by section [AMQP part 3], so the client keeps typed JMS properties and the broker can
// forward bytes without re-encoding them.

export type { AmqpTypeName, AmqpValue, AmqpValueOf } from "./amqp-value";
export { amqp } from "./amqp";
export { AmqpDecodeError } from "./errors";
export { FormatCode } from "./format-codes";
export { AmqpWriter, encode } from "./writer";
export { AmqpReader, decode, MAX_DEPTH, MAX_ZERO_WIDTH_ELEMENTS } from "./decoder";
export { SectionCode } from "./descriptors";
export type { Header } from "./header";
export type { Properties } from "./properties";
export type { Body, MessageSections } from "./message-sections";
export { encodeMessage } from "./message-sections";
export type { RoutingSections } from "./message-decoder";
export { decodeHeaderAndProperties, decodeMessage } from "./message-decoder";
export type { SectionRange } from "./section-scanner";
export { rewriteHeader, scanSections } from "./section-scanner";
