import type { AmqpValue } from "@jms-ts/codec";

// How Qpid JMS shows an AMQP message-id or correlation-id to the application [qpid-jms 2.5], so a selector
// such as `JMSCorrelationID = 'ID:AMQP_UUID:…'` matches the string the application read from the request.

const ID = "ID:";
const Prefix = {
  noPrefix: "AMQP_NO_PREFIX:",
  uuid: "AMQP_UUID:",
  ulong: "AMQP_ULONG:",
  binary: "AMQP_BINARY:",
  string: "AMQP_STRING:",
} as const;
const ENCODING_PREFIXES: readonly string[] = Object.values(Prefix);

/** JMSMessageID: always starts `ID:`; ids of other AMQP types carry their type after it. */
export function jmsMessageId(id: AmqpValue | undefined): string | null {
  if (id?.type === "string") {
    if (!id.value.startsWith(ID)) return ID + Prefix.noPrefix + id.value;
    return hasEncodingPrefix(id.value) ? ID + Prefix.string + id.value : id.value;
  }
  return typedId(id);
}

/** JMSCorrelationID: like JMSMessageID, except a string without `ID:` is an application value, as sent. */
export function jmsCorrelationId(id: AmqpValue | undefined): string | null {
  if (id?.type === "string") {
    return id.value.startsWith(ID) && hasEncodingPrefix(id.value) ? ID + Prefix.string + id.value : id.value;
  }
  return typedId(id);
}

function hasEncodingPrefix(value: string): boolean {
  return ENCODING_PREFIXES.some((prefix) => value.startsWith(prefix, ID.length));
}

function typedId(id: AmqpValue | undefined): string | null {
  switch (id?.type) {
    case undefined:
    case "null":
      return null;
    case "uuid":
      return ID + Prefix.uuid + uuidText(id.value);
    case "ulong":
      return ID + Prefix.ulong + id.value.toString();
    case "binary":
      return ID + Prefix.binary + id.value.toString("hex").toUpperCase();
    case "symbol":
      return id.value;
    default:
      // Not an id type AMQP allows [AMQP 3.2.11]; nothing a selector could name.
      return null;
  }
}

function uuidText(bytes: Buffer): string {
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
