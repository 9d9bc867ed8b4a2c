// The properties section [AMQP 3.2.4]: the immutable, application-visible message identity and routing data.
import type { AmqpValue } from "./amqp-value";
import { amqp } from "./amqp";
import { definedOnly, FieldReader, fieldList, opt } from "./composite";

export interface Properties {
  /** ulong, uuid, binary or string [AMQP 3.2.11]. */
  messageId?: AmqpValue;
  userId?: Buffer;
  to?: string;
  subject?: string;
  replyTo?: string;
  correlationId?: AmqpValue;
  /** A symbol on the wire. */
  contentType?: string;
  /** A symbol on the wire. */
  contentEncoding?: string;
  /** Milliseconds since the epoch. */
  absoluteExpiryTime?: number;
  /** Milliseconds since the epoch. */
  creationTime?: number;
  groupId?: string;
  /** uint. */
  groupSequence?: number;
  replyToGroupId?: string;
}

/** Fields in spec order [AMQP 3.2.4]. */
export function propertiesToList(p: Properties): AmqpValue[] {
  return fieldList([
    p.messageId,
    opt(p.userId, amqp.binary),
    opt(p.to, amqp.string),
    opt(p.subject, amqp.string),
    opt(p.replyTo, amqp.string),
    p.correlationId,
    opt(p.contentType, amqp.symbol),
    opt(p.contentEncoding, amqp.symbol),
    opt(p.absoluteExpiryTime, amqp.timestamp),
    opt(p.creationTime, amqp.timestamp),
    opt(p.groupId, amqp.string),
    opt(p.groupSequence, amqp.uint),
    opt(p.replyToGroupId, amqp.string),
  ]);
}

export function propertiesFromList(items: AmqpValue[], offset: number): Properties {
  const f = new FieldReader("properties", items, offset);
  return definedOnly<Properties>({
    messageId: f.any(0),
    userId: f.typed(1, "binary", "userId")?.value,
    to: f.typed(2, "string", "to")?.value,
    subject: f.typed(3, "string", "subject")?.value,
    replyTo: f.typed(4, "string", "replyTo")?.value,
    correlationId: f.any(5),
    contentType: f.typed(6, "symbol", "contentType")?.value,
    contentEncoding: f.typed(7, "symbol", "contentEncoding")?.value,
    absoluteExpiryTime: f.typed(8, "timestamp", "absoluteExpiryTime")?.value,
    creationTime: f.typed(9, "timestamp", "creationTime")?.value,
    groupId: f.typed(10, "string", "groupId")?.value,
    groupSequence: f.typed(11, "uint", "groupSequence")?.value,
    replyToGroupId: f.typed(12, "string", "replyToGroupId")?.value,
  });
}
