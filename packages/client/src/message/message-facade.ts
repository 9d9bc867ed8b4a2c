import type { Destination } from "../jms/destinations";
import type { MapValue } from "./map-value";
import type { ObjectValue } from "./object-value";
import type { PropertyValue } from "./property-value";

/** The JMS message kinds; the provider maps each to its wire form. */
export type JmsMessageKind = "message" | "text" | "bytes" | "map" | "stream" | "object";

/**
 * The fields of a message as the JMS layer sees them. A provider implements it over its own wire
 * representation (the AMQP provider keeps AMQP sections), so the facade never knows the wire format.
 */
export interface MessageFacade {
  readonly kind: JmsMessageKind;
  getMessageId(): string | null;
  setMessageId(id: string | null): void;
  /** Milliseconds since the epoch; 0 when not set. */
  getTimestamp(): number;
  setTimestamp(ms: number): void;
  getCorrelationId(): string | null;
  setCorrelationId(id: string | null): void;
  /** The correlation id's bytes when it is binary on the wire, else null. */
  getCorrelationIdBytes(): Buffer | null;
  /** Sets a binary correlation id (AMQP binary, as Qpid JMS sends setJMSCorrelationIDAsBytes). */
  setCorrelationIdBytes(bytes: Buffer | null): void;
  getDestination(): Destination | null;
  setDestination(destination: Destination | null): void;
  getReplyTo(): Destination | null;
  setReplyTo(destination: Destination | null): void;
  isPersistent(): boolean;
  setPersistent(persistent: boolean): void;
  getPriority(): number;
  setPriority(priority: number): void;
  /** Absolute expiry in ms since the epoch; 0 means never. */
  getExpiration(): number;
  setExpiration(ms: number): void;
  /** JMSDeliveryTime when the message carries one (ms since the epoch), else 0 [JMS 2.0 3.4.13]. */
  getDeliveryTime(): number;
  /** 0 removes it: a message without a delay carries none on the wire [qpid-jms 2.4]. */
  setDeliveryTime(ms: number): void;
  /** Earlier failed delivery attempts (AMQP delivery-count). */
  getRedeliveryCount(): number;
  setRedeliveryCount(count: number): void;
  getType(): string | null;
  setType(type: string | null): void;
  clearBody(): void;
  /** JMSXGroupID (AMQP group-id). */
  getGroupId(): string | null;
  setGroupId(id: string | null): void;
  /** JMSXGroupSeq (AMQP group-sequence); 0 when absent. */
  getGroupSequence(): number;
  setGroupSequence(sequence: number): void;
  /** JMSXUserID (AMQP user-id, UTF-8). */
  getUserId(): string | null;
  setUserId(id: string | null): void;
  /** Application properties with their JMS types; names as set. */
  getProperty(name: string): PropertyValue | undefined;
  setProperty(name: string, value: PropertyValue): void;
  getPropertyNames(): string[];
  clearProperties(): void;
}

export interface TextMessageFacade extends MessageFacade {
  readonly kind: "text";
  getText(): string | null;
  setText(text: string | null): void;
}

export interface BytesMessageFacade extends MessageFacade {
  readonly kind: "bytes";
  getBody(): Buffer;
  setBody(body: Buffer): void;
}

export interface MapMessageFacade extends MessageFacade {
  readonly kind: "map";
  getEntry(name: string): MapValue | undefined;
  setEntry(name: string, value: MapValue): void;
  getNames(): string[];
}

export interface StreamMessageFacade extends MessageFacade {
  readonly kind: "stream";
  /** undefined for a value of a type JMS streams cannot carry. */
  getValues(): (MapValue | undefined)[];
  setValues(values: MapValue[]): void;
}

/** An ObjectMessage body: an AMQP-typed value, or the bytes of a Java-serialized object (0014). */
export interface ObjectMessageFacade extends MessageFacade {
  readonly kind: "object";
  /** The AMQP-typed body in JavaScript shapes; null when there is none. Not for serialized bodies. */
  getObject(): ObjectValue;
  /** `value` as returned by snapshotObject: the provider encodes it now. */
  setObject(value: ObjectValue): void;
  /** True when the body is a Java-serialized object (content-type application/x-java-serialized-object). */
  isJavaSerialized(): boolean;
  /** The serialized bytes of a Java-serialized body, else null. */
  getSerializedBytes(): Buffer | null;
  setSerializedBytes(bytes: Buffer): void;
}

/** Creates empty facades of each kind; implemented by the provider. */
export interface MessageFacadeFactory {
  createMessageFacade(): MessageFacade;
  createTextMessageFacade(): TextMessageFacade;
  createBytesMessageFacade(): BytesMessageFacade;
  createMapMessageFacade(): MapMessageFacade;
  createStreamMessageFacade(): StreamMessageFacade;
  createObjectMessageFacade(): ObjectMessageFacade;
}
