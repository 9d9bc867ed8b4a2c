import { amqp, type AmqpValue } from "@jms-ts/codec";
import { ProviderError } from "../provider-error";

// Qpid JMS's mapping between AMQP message-id/correlation-id values and JMS id strings [qpid-jms 2.5],
// so an id round-trips with its AMQP type: replying with correlationID = request.JMSMessageID hands the
// original uuid, ulong or binary back to a non-JMS sender.

const ID = "ID:";
const NO_PREFIX = "AMQP_NO_PREFIX:";
const UUID = "AMQP_UUID:";
const ULONG = "AMQP_ULONG:";
const BINARY = "AMQP_BINARY:";
const STRING = "AMQP_STRING:";
const encodedPrefixes = [NO_PREFIX, UUID, ULONG, BINARY, STRING];

/** The JMS view of an AMQP id. `appSpecific` is for correlation ids, where a plain string stays as is. */
export function toJmsId(value: AmqpValue | undefined, appSpecific = false): string | null {
  if (!value) return null;
  switch (value.type) {
    case "string":
      if (!value.value.startsWith(ID)) return appSpecific ? value.value : ID + NO_PREFIX + value.value;
      return looksEncoded(value.value) ? ID + STRING + value.value : value.value;
    case "uuid":
      return ID + UUID + formatUuid(value.value);
    case "ulong":
      return ID + ULONG + value.value.toString();
    case "binary":
      return ID + BINARY + value.value.toString("hex").toUpperCase();
    default:
      return null;
  }
}

/**
 * The AMQP value for a JMS id string; `ID:AMQP_*:` encodings become typed values again.
 * @throws ProviderError (message-format) for a malformed encoded id.
 */
export function toAmqpId(id: string | null): AmqpValue | undefined {
  if (id === null) return undefined;
  if (!id.startsWith(ID)) return amqp.string(id);
  const rest = id.slice(ID.length);
  if (rest.startsWith(NO_PREFIX)) return amqp.string(rest.slice(NO_PREFIX.length));
  if (rest.startsWith(STRING)) return amqp.string(rest.slice(STRING.length));
  if (rest.startsWith(UUID)) return amqp.uuid(parseUuid(id, rest.slice(UUID.length)));
  if (rest.startsWith(ULONG)) return amqp.ulong(parseUlong(id, rest.slice(ULONG.length)));
  if (rest.startsWith(BINARY)) return amqp.binary(parseHex(id, rest.slice(BINARY.length)));
  return amqp.string(id);
}

function looksEncoded(id: string): boolean {
  const rest = id.slice(ID.length);
  return encodedPrefixes.some((prefix) => rest.startsWith(prefix));
}

export function formatUuid(bytes: Buffer): string {
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function parseUuid(id: string, text: string): Buffer {
  if (!/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(text))
    throw badId(id, "uuid");
  return Buffer.from(text.replace(/-/g, ""), "hex");
}

function parseUlong(id: string, text: string): bigint {
  if (!/^\d+$/.test(text) || BigInt(text) >= 2n ** 64n) throw badId(id, "unsigned 64-bit decimal");
  return BigInt(text);
}

function parseHex(id: string, text: string): Buffer {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) throw badId(id, "even-length hex");
  return Buffer.from(text, "hex");
}

function badId(id: string, expected: string): ProviderError {
  return new ProviderError(
    "message-format",
    `"${id}" is not a valid encoded id: expected ${expected} after the prefix`,
  );
}
