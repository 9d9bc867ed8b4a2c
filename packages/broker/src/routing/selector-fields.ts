import { type AmqpValue, decodeHeaderAndProperties } from "@jms-ts/codec";
import { jmsCorrelationId, jmsMessageId } from "./jms-message-id";
import type { PropertyValue, PublishedMessage } from "./published-message";

/** What a selector identifier names in a message: a value, or undefined when the message has none. */
export type SelectorValue = PropertyValue | undefined;

/**
 * The fields a selector may read that routing never needs, decoded from the message bytes the first time
 * a selector asks for one of them (most selectors read only application properties).
 */
interface IdentityFields {
  readonly messageId: string | null;
  readonly correlationId: string | null;
  readonly creationTime: number | undefined;
  readonly groupSequence: number | undefined;
  readonly userId: string | undefined;
  /** The header delivery-count the producer sent [AMQP 3.2.1]. */
  readonly headerDeliveryCount: number;
}

const identities = new WeakMap<PublishedMessage, IdentityFields>();

type Field = (message: PublishedMessage, deliveryCount: number) => SelectorValue;

/**
 * JMS header fields and JMS-defined properties [JMS 2.0 3.8.1.1, 3.5.9], mapped to the AMQP fields Qpid
 * JMS writes them to [qpid-jms 2.4]. The values are those a Qpid JMS application reads from the message:
 * JMSMessageID and JMSCorrelationID rendered as in [qpid-jms 2.5], JMSExpiration 0 when there is none.
 * Qpid Broker-J reads the same fields (docs/broker/addressing.md lists where it differs).
 */
const HEADER_FIELDS: ReadonlyMap<string, Field> = new Map<string, Field>([
  ["JMSMessageID", (m) => identity(m).messageId],
  ["JMSCorrelationID", (m) => identity(m).correlationId],
  ["JMSType", (m) => m.subject ?? null],
  ["JMSPriority", (m) => m.priority],
  ["JMSDeliveryMode", (m) => (m.durable ? "PERSISTENT" : "NON_PERSISTENT")],
  ["JMSTimestamp", (m) => identity(m).creationTime ?? 0],
  ["JMSExpiration", (m) => m.expiresAt ?? 0],
  ["JMSRedelivered", (m, count) => deliveryCountOf(m, count) > 0],
  ["JMSXDeliveryCount", (m, count) => deliveryCountOf(m, count) + 1],
  ["JMSXGroupID", (m) => m.groupId ?? null],
  ["JMSXGroupSeq", (m) => identity(m).groupSequence ?? null],
  ["JMSXUserID", (m) => identity(m).userId ?? null],
]);

/**
 * The value of a selector identifier in `message`: a JMS header or JMS-defined property, else the
 * application property of that name, typed as the producer sent it (a long is a bigint). Undefined when the
 * message has no such property: the selector treats it as NULL [JMS 2.0 3.8.1.1].
 * @param deliveryCount failed deliveries the queue counted, for JMSRedelivered and JMSXDeliveryCount.
 */
export function selectorValue(
  message: PublishedMessage,
  deliveryCount: number,
  identifier: string,
): SelectorValue {
  const header = HEADER_FIELDS.get(identifier);
  if (header) return header(message, deliveryCount);
  return message.applicationProperties.get(identifier);
}

/** A lookup for `Selector.matches` over one message. */
export function selectorLookup(
  message: PublishedMessage,
  deliveryCount = 0,
): (identifier: string) => SelectorValue {
  return (identifier) => selectorValue(message, deliveryCount, identifier);
}

/** The delivery-count the consumer sees: the queue's once it redelivered, else the producer's. */
function deliveryCountOf(message: PublishedMessage, queueCount: number): number {
  return queueCount > 0 ? queueCount : identity(message).headerDeliveryCount;
}

function identity(message: PublishedMessage): IdentityFields {
  let fields = identities.get(message);
  if (!fields) {
    fields = decodeIdentity(message.bytes);
    identities.set(message, fields);
  }
  return fields;
}

function decodeIdentity(bytes: Buffer): IdentityFields {
  let header: { deliveryCount?: number } | undefined;
  let properties:
    | {
        messageId?: AmqpValue;
        correlationId?: AmqpValue;
        creationTime?: number;
        groupSequence?: number;
        userId?: Buffer;
      }
    | undefined;
  try {
    ({ header, properties } = decodeHeaderAndProperties(bytes));
  } catch {
    // The broker decoded these sections when the message arrived; a message that still fails has none.
  }
  return {
    messageId: jmsMessageId(properties?.messageId),
    correlationId: jmsCorrelationId(properties?.correlationId),
    creationTime: properties?.creationTime,
    groupSequence: properties?.groupSequence,
    userId: properties?.userId?.toString("utf8"),
    headerDeliveryCount: header?.deliveryCount ?? 0,
  };
}
