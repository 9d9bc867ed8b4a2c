import type { Destination } from "../jms/destinations";
import type { MapValue } from "./map-value";
import type { PropertyValue } from "./property-value";

/** The JMS message kinds; the provider maps each to its wire form. */
export type JmsMessageKind = "message" | "text" | "bytes" | "map" | "stream";

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

/** Creates empty facades of each kind; implemented by the provider. */
export interface MessageFacadeFactory {
  createMessageFacade(): MessageFacade;
  createTextMessageFacade(): TextMessageFacade;
  createBytesMessageFacade(): BytesMessageFacade;
  createMapMessageFacade(): MapMessageFacade;
  createStreamMessageFacade(): StreamMessageFacade;
}
