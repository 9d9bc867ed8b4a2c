import { amqp, type Header, type MessageSections, type Properties } from "@jms-ts/codec";
import type { Destination } from "../../jms/destinations";
import type { JmsMessageKind, MessageFacade } from "../../message/message-facade";
import { destinationTypeAnnotation, readDestination } from "./amqp-destinations";
import type { PropertyValue } from "../../message/property-value";
import { toAmqpId, toJmsId } from "./amqp-message-id";
import { toAmqpValue, toPropertyValue } from "./amqp-properties";
import { MessageAnnotation } from "./amqp-symbols";
import { getAnnotation, setAnnotation } from "./annotations";

const DEFAULT_PRIORITY = 4;

/**
 * A JMS message held as AMQP sections, mapped field by field as Qpid JMS maps them [qpid-jms 2.4]. The
 * sections are encoded only at send time, and decoded sections are kept as they arrived.
 */
export class AmqpMessageFacade implements MessageFacade {
  readonly kind: JmsMessageKind = "message";

  /**
   * @param sections the message as decoded, or empty for a new one.
   * @param consumerDestination for received messages: fills in JMSDestination's kind when unannotated.
   * @param arrivalMs for received messages: the base of an expiry computed from header ttl.
   */
  constructor(
    readonly sections: MessageSections = {},
    private readonly consumerDestination?: Destination,
    private readonly arrivalMs = 0,
  ) {}

  getMessageId(): string | null {
    return toJmsId(this.sections.properties?.messageId);
  }
  setMessageId(id: string | null): void {
    this.setPropertiesField("messageId", toAmqpId(id));
  }

  getTimestamp(): number {
    return this.sections.properties?.creationTime ?? 0;
  }
  setTimestamp(ms: number): void {
    this.setPropertiesField("creationTime", ms > 0 ? ms : undefined);
  }

  getCorrelationId(): string | null {
    return toJmsId(this.sections.properties?.correlationId, true);
  }
  setCorrelationId(id: string | null): void {
    this.setPropertiesField("correlationId", toAmqpId(id));
  }
  getCorrelationIdBytes(): Buffer | null {
    const id = this.sections.properties?.correlationId;
    return id?.type === "binary" ? id.value : null;
  }
  setCorrelationIdBytes(bytes: Buffer | null): void {
    this.setPropertiesField("correlationId", bytes === null ? undefined : amqp.binary(bytes));
  }

  getDestination(): Destination | null {
    const address = this.sections.properties?.to;
    const annotations = this.sections.messageAnnotations;
    const type = getAnnotation(annotations, MessageAnnotation.jmsDestination);
    const legacy = getAnnotation(annotations, MessageAnnotation.legacyToType);
    return (
      readDestination(address, type, this.consumerDestination, legacy) ?? this.consumerDestination ?? null
    );
  }
  setDestination(destination: Destination | null): void {
    this.setPropertiesField("to", destination?.address);
    this.setMessageAnnotation(
      MessageAnnotation.jmsDestination,
      destination ? destinationTypeAnnotation(destination) : undefined,
    );
  }

  getReplyTo(): Destination | null {
    const annotations = this.sections.messageAnnotations;
    const type = getAnnotation(annotations, MessageAnnotation.jmsReplyTo);
    const legacy = getAnnotation(annotations, MessageAnnotation.legacyReplyType);
    return readDestination(this.sections.properties?.replyTo, type, this.consumerDestination, legacy);
  }
  setReplyTo(destination: Destination | null): void {
    this.setPropertiesField("replyTo", destination?.address);
    this.setMessageAnnotation(
      MessageAnnotation.jmsReplyTo,
      destination ? destinationTypeAnnotation(destination) : undefined,
    );
  }

  isPersistent(): boolean {
    return this.sections.header?.durable ?? false;
  }
  setPersistent(persistent: boolean): void {
    this.setHeader("durable", persistent ? true : undefined);
  }

  /** Absent means 4; values above 9 read as 9 [qpid-jms 2.4]. */
  getPriority(): number {
    return Math.min(this.sections.header?.priority ?? DEFAULT_PRIORITY, 9);
  }
  setPriority(priority: number): void {
    this.setHeader("priority", priority === DEFAULT_PRIORITY ? undefined : priority);
  }

  getExpiration(): number {
    const absolute = this.sections.properties?.absoluteExpiryTime;
    if (absolute !== undefined) return absolute;
    const ttl = this.sections.header?.ttl;
    return ttl && this.arrivalMs ? this.arrivalMs + ttl : 0;
  }
  setExpiration(ms: number): void {
    this.setPropertiesField("absoluteExpiryTime", ms > 0 ? ms : undefined);
  }

  /** The header ttl travels only with the send [qpid-jms 2.4]: 0 < ttl < 2^32 ms. */
  setTimeToLive(ms: number): void {
    this.setHeader("ttl", ms > 0 && ms < 2 ** 32 ? ms : undefined);
  }

  /** x-opt-delivery-time: Qpid JMS writes a long and also reads a timestamp [qpid-jms 2.1]. */
  getDeliveryTime(): number {
    const value = getAnnotation(this.sections.messageAnnotations, MessageAnnotation.deliveryTime);
    if (value?.type === "timestamp") return value.value;
    if (value?.type === "long" || value?.type === "ulong") return Number(value.value);
    return 0;
  }
  setDeliveryTime(ms: number): void {
    this.setMessageAnnotation(MessageAnnotation.deliveryTime, ms > 0 ? amqp.long(ms) : undefined);
  }

  getRedeliveryCount(): number {
    return this.sections.header?.deliveryCount ?? 0;
  }
  setRedeliveryCount(count: number): void {
    this.setHeader("deliveryCount", count > 0 ? count : undefined);
  }

  getType(): string | null {
    return this.sections.properties?.subject ?? null;
  }
  setType(type: string | null): void {
    this.setPropertiesField("subject", type ?? undefined);
  }

  clearBody(): void {
    delete this.sections.body;
  }

  getGroupId(): string | null {
    return this.sections.properties?.groupId ?? null;
  }
  setGroupId(id: string | null): void {
    this.setPropertiesField("groupId", id ?? undefined);
  }
  getGroupSequence(): number {
    return this.sections.properties?.groupSequence ?? 0;
  }
  /** 0 is left out, as Qpid JMS does [qpid-jms 2.4]. */
  setGroupSequence(sequence: number): void {
    this.setPropertiesField("groupSequence", sequence === 0 ? undefined : sequence);
  }
  getUserId(): string | null {
    return this.sections.properties?.userId?.toString("utf8") ?? null;
  }
  setUserId(id: string | null): void {
    this.setPropertiesField("userId", id === null ? undefined : Buffer.from(id, "utf8"));
  }

  getProperty(name: string): PropertyValue | undefined {
    const entry = this.sections.applicationProperties?.find(([key]) => key === name);
    return entry && toPropertyValue(entry[1]);
  }
  setProperty(name: string, value: PropertyValue): void {
    const others = (this.sections.applicationProperties ?? []).filter(([key]) => key !== name);
    this.sections.applicationProperties = [...others, [name, toAmqpValue(value)]];
  }
  getPropertyNames(): string[] {
    const entries = this.sections.applicationProperties ?? [];
    return entries.filter(([, value]) => toPropertyValue(value) !== undefined).map(([key]) => key);
  }
  clearProperties(): void {
    delete this.sections.applicationProperties;
  }

  // The setters below run several times per send: they change the section in place, and `delete` only a key
  // that is there (deleting an absent key would still turn the object into a slow dictionary in V8).
  protected setPropertiesField<K extends keyof Properties>(key: K, value: Properties[K] | undefined): void {
    const properties = this.sections.properties;
    if (value !== undefined) {
      if (properties) properties[key] = value;
      else this.sections.properties = { [key]: value };
    } else if (properties && key in properties) {
      delete properties[key];
      if (isEmpty(properties)) delete this.sections.properties;
    }
  }

  protected setHeader<K extends keyof Header>(key: K, value: Header[K] | undefined): void {
    const header = this.sections.header;
    if (value !== undefined) {
      if (header) header[key] = value;
      else this.sections.header = { [key]: value };
    } else if (header && key in header) {
      delete header[key];
      // An all-default header is left out entirely, as Qpid JMS does [qpid-jms 2.4].
      if (isEmpty(header)) delete this.sections.header;
    }
  }

  setMessageAnnotation(key: string, value: Parameters<typeof setAnnotation>[2]): void {
    const annotations = setAnnotation(this.sections.messageAnnotations, key, value);
    if (annotations) this.sections.messageAnnotations = annotations;
    else delete this.sections.messageAnnotations;
  }
}

function isEmpty(section: object): boolean {
  for (const key in section) if ((section as Record<string, unknown>)[key] !== undefined) return false;
  return true;
}
