import type { PropertyValue } from "../../src/message/property-value";
import type { Destination } from "../../src/jms/destinations";
import type {
  JmsMessageKind,
  MessageFacade,
  TextMessageFacade,
  BytesMessageFacade,
  MapMessageFacade,
  StreamMessageFacade,
  ObjectMessageFacade,
} from "../../src/message/message-facade";
import type { ObjectValue } from "../../src/message/object-value";
import type { MapValue } from "../../src/message/map-value";

/** The fields a test may preset on a facade it injects as an inbound delivery. */
export interface MemoryFacadeInit {
  messageId?: string | null;
  timestamp?: number;
  correlationId?: string | null;
  destination?: Destination | null;
  replyTo?: Destination | null;
  persistent?: boolean;
  priority?: number;
  expiration?: number;
  redeliveryCount?: number;
  type?: string | null;
}

/**
 * A MessageFacade held in plain fields, so facade tests need neither a wire format nor a socket. It
 * stores what it is given without the AMQP provider's mapping rules.
 */
export class MemoryMessageFacade implements MessageFacade {
  readonly kind: JmsMessageKind = "message";
  messageId: string | null = null;
  timestamp = 0;
  correlationId: string | null = null;
  correlationIdBytes: Buffer | null = null;
  destination: Destination | null = null;
  replyTo: Destination | null = null;
  persistent = false;
  priority = 4;
  expiration = 0;
  deliveryTime = 0;
  redeliveryCount = 0;
  type: string | null = null;
  bodyCleared = 0;
  readonly properties = new Map<string, PropertyValue>();
  groupId: string | null = null;
  groupSequence = 0;
  userId: string | null = null;

  constructor(init: MemoryFacadeInit = {}) {
    Object.assign(this, init);
  }

  getGroupId(): string | null {
    return this.groupId;
  }
  setGroupId(id: string | null): void {
    this.groupId = id;
  }
  getGroupSequence(): number {
    return this.groupSequence;
  }
  setGroupSequence(sequence: number): void {
    this.groupSequence = sequence;
  }
  getUserId(): string | null {
    return this.userId;
  }
  setUserId(id: string | null): void {
    this.userId = id;
  }
  getProperty(name: string): PropertyValue | undefined {
    return this.properties.get(name);
  }
  setProperty(name: string, value: PropertyValue): void {
    this.properties.set(name, value);
  }
  getPropertyNames(): string[] {
    return [...this.properties.keys()];
  }
  clearProperties(): void {
    this.properties.clear();
  }

  getMessageId(): string | null {
    return this.messageId;
  }
  setMessageId(id: string | null): void {
    this.messageId = id;
  }
  getTimestamp(): number {
    return this.timestamp;
  }
  setTimestamp(ms: number): void {
    this.timestamp = ms;
  }
  getCorrelationId(): string | null {
    return this.correlationId;
  }
  setCorrelationId(id: string | null): void {
    this.correlationId = id;
    this.correlationIdBytes = null;
  }
  getCorrelationIdBytes(): Buffer | null {
    return this.correlationIdBytes;
  }
  /** Keeps the bytes and, like the AMQP facade, their ID:AMQP_BINARY: string form. */
  setCorrelationIdBytes(bytes: Buffer | null): void {
    this.correlationIdBytes = bytes;
    this.correlationId = bytes === null ? null : `ID:AMQP_BINARY:${bytes.toString("hex").toUpperCase()}`;
  }
  getDestination(): Destination | null {
    return this.destination;
  }
  setDestination(destination: Destination | null): void {
    this.destination = destination;
  }
  getReplyTo(): Destination | null {
    return this.replyTo;
  }
  setReplyTo(destination: Destination | null): void {
    this.replyTo = destination;
  }
  isPersistent(): boolean {
    return this.persistent;
  }
  setPersistent(persistent: boolean): void {
    this.persistent = persistent;
  }
  getPriority(): number {
    return this.priority;
  }
  setPriority(priority: number): void {
    this.priority = priority;
  }
  getExpiration(): number {
    return this.expiration;
  }
  setExpiration(ms: number): void {
    this.expiration = ms;
  }
  getDeliveryTime(): number {
    return this.deliveryTime;
  }
  setDeliveryTime(ms: number): void {
    this.deliveryTime = ms;
  }
  getRedeliveryCount(): number {
    return this.redeliveryCount;
  }
  setRedeliveryCount(count: number): void {
    this.redeliveryCount = count;
  }
  getType(): string | null {
    return this.type;
  }
  setType(type: string | null): void {
    this.type = type;
  }
  clearBody(): void {
    this.bodyCleared++;
  }
}

export class MemoryTextMessageFacade extends MemoryMessageFacade implements TextMessageFacade {
  override readonly kind = "text";
  text: string | null;

  constructor(text: string | null = null, init: MemoryFacadeInit = {}) {
    super(init);
    this.text = text;
  }

  getText(): string | null {
    return this.text;
  }
  setText(text: string | null): void {
    this.text = text;
  }
  override clearBody(): void {
    super.clearBody();
    this.text = null;
  }
}

/** A BytesMessage body held as one Buffer. */
export class MemoryBytesMessageFacade extends MemoryMessageFacade implements BytesMessageFacade {
  override readonly kind = "bytes";
  body: Buffer = Buffer.alloc(0);

  getBody(): Buffer {
    return this.body;
  }
  setBody(body: Buffer): void {
    this.body = body;
  }
  override clearBody(): void {
    super.clearBody();
    this.body = Buffer.alloc(0);
  }
}

/** A MapMessage body held as a Map. */
export class MemoryMapMessageFacade extends MemoryMessageFacade implements MapMessageFacade {
  override readonly kind = "map";
  readonly entries = new Map<string, MapValue>();

  getEntry(name: string): MapValue | undefined {
    return this.entries.get(name);
  }
  setEntry(name: string, value: MapValue): void {
    this.entries.set(name, value);
  }
  getNames(): string[] {
    return [...this.entries.keys()];
  }
  override clearBody(): void {
    super.clearBody();
    this.entries.clear();
  }
}

/** A StreamMessage body held as an array. */
export class MemoryStreamMessageFacade extends MemoryMessageFacade implements StreamMessageFacade {
  override readonly kind = "stream";
  values: (MapValue | undefined)[] = [];

  getValues(): (MapValue | undefined)[] {
    return this.values;
  }
  setValues(values: MapValue[]): void {
    this.values = [...values];
  }
  override clearBody(): void {
    super.clearBody();
    this.values = [];
  }
}

/** An ObjectMessage body held as the value given, or as serialized bytes. */
export class MemoryObjectMessageFacade extends MemoryMessageFacade implements ObjectMessageFacade {
  override readonly kind = "object";
  object: ObjectValue = null;
  serialized: Buffer | null = null;

  getObject(): ObjectValue {
    return this.object;
  }
  setObject(value: ObjectValue): void {
    this.object = value;
    this.serialized = null;
  }
  isJavaSerialized(): boolean {
    return this.serialized !== null;
  }
  getSerializedBytes(): Buffer | null {
    return this.serialized;
  }
  setSerializedBytes(bytes: Buffer): void {
    this.serialized = bytes;
    this.object = null;
  }
  override clearBody(): void {
    super.clearBody();
    this.setObject(null);
  }
}
