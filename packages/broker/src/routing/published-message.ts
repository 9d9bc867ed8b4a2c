import { type AmqpValue, decodeHeaderAndProperties } from "@jms-ts/codec";
import { nodeKindOfDestinationType, type NodeKind } from "../addressing/node-kind";
import { MessageAnnotation } from "./message-annotations";

/** An application-property value as routing and matching see it. */
export type PropertyValue = string | number | bigint | boolean | null;

/**
 * A message as the broker received it: the encoded bytes, kept as sent, and the few fields routing and
 * queueing read, decoded once on arrival (the body never is).
 */
export interface PublishedMessage {
  readonly bytes: Buffer;
  /** Header durable [AMQP 3.2.1]: JMS PERSISTENT. */
  readonly durable: boolean;
  /** 0-9; AMQP allows up to 255, and anything above 9 counts as 9 [JMS 2.0 3.4.10]. Default 4. */
  readonly priority: number;
  /** When it expires (ms since the epoch), from header ttl or properties absolute-expiry-time. */
  readonly expiresAt: number | undefined;
  /** Not deliverable before this time (ms since the epoch) [qpid-jms delivery delay]. */
  readonly deliverAt: number | undefined;
  /** properties.group-id: JMSXGroupID. */
  readonly groupId: string | undefined;
  readonly to: string | undefined;
  readonly subject: string | undefined;
  /** A `routing-key` (or `routing_key`) string message annotation or application property. */
  readonly routingKey: string | undefined;
  /** The node kind of the `x-opt-jms-dest` annotation [qpid-jms 2.3], for anonymous-relay messages. */
  readonly destinationKind: NodeKind | undefined;
  readonly applicationProperties: ReadonlyMap<string, PropertyValue>;
  /** Who published it (the connection), compared by identity for no-local. */
  readonly publisher: object;
}

const DEFAULT_PRIORITY = 4;
const MAX_JMS_PRIORITY = 9;

/**
 * Reads the routing fields of an encoded message.
 * @throws AmqpDecodeError when the sections before the body are malformed.
 */
export function parsePublishedMessage(bytes: Buffer, publisher: object, now: number): PublishedMessage {
  const { header, properties, messageAnnotations, applicationProperties } = decodeHeaderAndProperties(bytes);
  const annotations = new Map<string, AmqpValue>();
  for (const [key, value] of messageAnnotations ?? []) {
    if (key.type === "symbol" || key.type === "string") annotations.set(key.value, value);
  }
  const appProperties = new Map<string, PropertyValue>();
  for (const [key, value] of applicationProperties ?? []) appProperties.set(key, plainValue(value));
  const ttl = header?.ttl;
  const absolute = properties?.absoluteExpiryTime;
  return {
    bytes,
    durable: header?.durable === true,
    priority: Math.min(header?.priority ?? DEFAULT_PRIORITY, MAX_JMS_PRIORITY),
    expiresAt: absolute !== undefined && absolute > 0 ? absolute : ttl ? now + ttl : undefined,
    deliverAt: deliveryTime(annotations, now),
    groupId: properties?.groupId,
    to: properties?.to,
    subject: properties?.subject,
    routingKey: routingKeyOf(annotations, appProperties),
    destinationKind: nodeKindOfDestinationType(numberOf(annotations.get(MessageAnnotation.jmsDestination))),
    applicationProperties: appProperties,
    publisher,
  };
}

function deliveryTime(annotations: Map<string, AmqpValue>, now: number): number | undefined {
  const at = numberOf(annotations.get(MessageAnnotation.deliveryTime));
  if (at !== undefined && at > now) return at;
  const delay = numberOf(annotations.get(MessageAnnotation.deliveryDelay));
  return delay !== undefined && delay > 0 ? now + delay : undefined;
}

function routingKeyOf(
  annotations: Map<string, AmqpValue>,
  properties: Map<string, PropertyValue>,
): string | undefined {
  for (const name of [MessageAnnotation.routingKey, MessageAnnotation.routingKeyUnderscore]) {
    const annotated = annotations.get(name);
    if (annotated?.type === "string") return annotated.value;
    const property = properties.get(name);
    if (typeof property === "string") return property;
  }
  return undefined;
}

function numberOf(value: AmqpValue | undefined): number | undefined {
  if (!value || !("value" in value)) return undefined;
  if (typeof value.value === "number") return value.value;
  if (typeof value.value === "bigint") return Number(value.value);
  return undefined;
}

/** Application-property values are simple types [AMQP 3.2.5]; others are kept as null for matching. */
function plainValue(value: AmqpValue): PropertyValue {
  switch (value.type) {
    case "boolean":
    case "string":
    case "symbol":
    case "ubyte":
    case "ushort":
    case "uint":
    case "byte":
    case "short":
    case "int":
    case "float":
    case "double":
    case "ulong":
    case "long":
    case "timestamp":
      return value.value;
    case "char":
      return String.fromCodePoint(value.value);
    default:
      return null;
  }
}
