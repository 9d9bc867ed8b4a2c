import { MessageNotWriteableException } from "../errors/exceptions";
import { JMSException } from "../errors/jms-exception";
import type { Destination } from "../jms/destinations";
import { DeliveryMode, type DeliveryModeValue } from "./delivery-mode";
import type { MessageFacade } from "./message-facade";
import { convert, fromObject, typed, type PropertyObject, type PropertyValue } from "./property-value";
import { isIdentifier } from "@jms-ts/selector";
import { jmsxNames, jmsxProperty } from "./jmsx-properties";

/** Acknowledges a received message as its session's mode says; set by the session on delivery. */
export type Acknowledger = () => Promise<void>;

// Private fields, reached by the package through accessors the class installs in its static block: hidden from
// users as a WeakMap would hide them, without a WeakMap entry per message for the collector to trace.
let facadeField: (message: Message) => MessageFacade;
let setAcknowledgerField: (message: Message, acknowledger: Acknowledger) => void;

/** For the session and producer: the facade behind a message. Not part of the public API. */
export function facadeOf(message: Message): MessageFacade {
  return facadeField(message);
}

/** For the session: how `acknowledge()` reaches the session that delivered this message. */
export function setAcknowledger(message: Message, acknowledger: Acknowledger): void {
  setAcknowledgerField(message, acknowledger);
}

/**
 * A JMS message [JMS 2.0 3]: headers and a body. Header getters and setters keep JMS's names so ported
 * code reads the same; the producer sets JMSMessageID, JMSTimestamp, JMSDestination, JMSDeliveryMode,
 * JMSPriority and JMSExpiration on send.
 */
export class Message {
  /** True for a received message until `clearBody()`: its body cannot be changed [JMS 2.0 3.11.2]. */
  protected bodyReadOnly = false;
  private propertiesReadOnly = false;

  readonly #facade: MessageFacade;
  #acknowledger: Acknowledger | undefined;

  static {
    facadeField = (message) => message.#facade;
    setAcknowledgerField = (message, acknowledger) => {
      message.#acknowledger = acknowledger;
    };
  }

  constructor(facade: MessageFacade) {
    this.#facade = facade;
  }

  protected get facade(): MessageFacade {
    return this.#facade;
  }

  getJMSMessageID(): string | null {
    return this.facade.getMessageId();
  }
  setJMSMessageID(id: string | null): void {
    this.facade.setMessageId(id);
  }

  getJMSTimestamp(): number {
    return this.facade.getTimestamp();
  }
  setJMSTimestamp(ms: number): void {
    this.facade.setTimestamp(ms);
  }

  getJMSCorrelationID(): string | null {
    return this.facade.getCorrelationId();
  }
  setJMSCorrelationID(id: string | null): void {
    this.facade.setCorrelationId(id);
  }
  /**
   * The bytes of a binary correlation id, as set by `setJMSCorrelationIDAsBytes` here or in Qpid JMS; null
   * when there is none. Its string form (getJMSCorrelationID) is `ID:AMQP_BINARY:` and upper-case hex.
   * @throws JMSException when the correlation id is a string, not bytes.
   */
  getJMSCorrelationIDAsBytes(): Buffer | null {
    const bytes = this.facade.getCorrelationIdBytes();
    if (bytes === null && this.facade.getCorrelationId() !== null) {
      throw new JMSException(
        "JMSCorrelationID is a string, not bytes; read it with getJMSCorrelationID() [JMS 2.0 3.4.5]",
      );
    }
    return bytes === null ? null : Buffer.from(bytes);
  }
  /** A binary correlation id (AMQP binary on the wire), copied now [JMS 2.0 3.4.5]. */
  setJMSCorrelationIDAsBytes(bytes: Uint8Array | null): void {
    if (bytes !== null && !(bytes instanceof Uint8Array)) {
      throw new JMSException("a correlation id as bytes must be a Uint8Array or null");
    }
    this.facade.setCorrelationIdBytes(bytes === null ? null : Buffer.from(bytes));
  }

  getJMSReplyTo(): Destination | null {
    return this.facade.getReplyTo();
  }
  setJMSReplyTo(destination: Destination | null): void {
    this.facade.setReplyTo(destination);
  }

  getJMSDestination(): Destination | null {
    return this.facade.getDestination();
  }
  setJMSDestination(destination: Destination | null): void {
    this.facade.setDestination(destination);
  }

  getJMSDeliveryMode(): DeliveryModeValue {
    return this.facade.isPersistent() ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT;
  }
  setJMSDeliveryMode(mode: DeliveryModeValue): void {
    this.facade.setPersistent(checkDeliveryMode(mode) === DeliveryMode.PERSISTENT);
  }

  getJMSRedelivered(): boolean {
    return this.facade.getRedeliveryCount() > 0;
  }
  setJMSRedelivered(redelivered: boolean): void {
    const count = this.facade.getRedeliveryCount();
    if (redelivered && count === 0) this.facade.setRedeliveryCount(1);
    if (!redelivered) this.facade.setRedeliveryCount(0);
  }

  getJMSType(): string | null {
    return this.facade.getType();
  }
  setJMSType(type: string | null): void {
    this.facade.setType(type);
  }

  getJMSExpiration(): number {
    return this.facade.getExpiration();
  }
  setJMSExpiration(ms: number): void {
    this.facade.setExpiration(ms);
  }

  /**
   * When the broker may deliver the message at the earliest [JMS 2.0 3.4.13]: set by send to JMSTimestamp
   * plus the producer's delivery delay; a message without one reads as its JMSTimestamp.
   */
  getJMSDeliveryTime(): number {
    return this.facade.getDeliveryTime() || this.facade.getTimestamp();
  }
  setJMSDeliveryTime(ms: number): void {
    this.facade.setDeliveryTime(ms);
  }

  getJMSPriority(): number {
    return this.facade.getPriority();
  }
  setJMSPriority(priority: number): void {
    this.facade.setPriority(checkPriority(priority));
  }

  /** Empties the body and makes it writable again [JMS 2.0 3.11.2]. */
  clearBody(): void {
    this.facade.clearBody();
    this.bodyReadOnly = false;
  }

  /**
   * Acknowledges this message and, in CLIENT_ACKNOWLEDGE mode, every message the session delivered
   * before it [JMS 2.0 6.2.10]. Does nothing for messages of auto-acknowledging sessions.
   * @throws IllegalStateException if the session or connection is closed.
   */
  async acknowledge(): Promise<void> {
    const acknowledger = this.#acknowledger;
    if (acknowledger) await acknowledger();
  }

  /** True when the message has the property [JMS 2.0 3.5]. */
  propertyExists(name: string): boolean {
    return this.property(name) !== undefined;
  }

  /** The application properties' names, then the JMSX ones present (JMSXDeliveryCount always). */
  getPropertyNames(): string[] {
    return [...this.facade.getPropertyNames(), ...jmsxNames(this.facade)];
  }

  /** Removes every property and makes them writable again [JMS 2.0 3.5.7]. */
  clearProperties(): void {
    this.facade.clearProperties();
    this.propertiesReadOnly = false;
  }

  // Typed getters follow the JMS conversion table [JMS 2.0 3.5.4]; each throws MessageFormatException
  // for a conversion the table forbids. JMS longs are bigint (exact beyond 2^53).
  getBooleanProperty(name: string): boolean {
    return convert(name, this.property(name), "boolean");
  }
  getByteProperty(name: string): number {
    return convert(name, this.property(name), "byte");
  }
  getShortProperty(name: string): number {
    return convert(name, this.property(name), "short");
  }
  getIntProperty(name: string): number {
    return convert(name, this.property(name), "int");
  }
  getLongProperty(name: string): bigint {
    return convert(name, this.property(name), "long");
  }
  getFloatProperty(name: string): number {
    return convert(name, this.property(name), "float");
  }
  getDoubleProperty(name: string): number {
    return convert(name, this.property(name), "double");
  }
  getStringProperty(name: string): string | null {
    return convert(name, this.property(name), "string");
  }
  /** The value as stored: boolean, number (byte, short, int, float, double), bigint (long) or string. */
  getObjectProperty(name: string): PropertyObject | null {
    return this.property(name)?.value ?? null;
  }

  setBooleanProperty(name: string, value: boolean): void {
    this.setProperty(name, typed("boolean", value));
  }
  setByteProperty(name: string, value: number): void {
    this.setProperty(name, typed("byte", value));
  }
  setShortProperty(name: string, value: number): void {
    this.setProperty(name, typed("short", value));
  }
  setIntProperty(name: string, value: number): void {
    this.setProperty(name, typed("int", value));
  }
  /** A bigint, or a number that is a safe integer. */
  setLongProperty(name: string, value: bigint | number): void {
    this.setProperty(name, typed("long", value));
  }
  setFloatProperty(name: string, value: number): void {
    this.setProperty(name, typed("float", value));
  }
  setDoubleProperty(name: string, value: number): void {
    this.setProperty(name, typed("double", value));
  }
  setStringProperty(name: string, value: string): void {
    this.setProperty(name, typed("string", value));
  }
  /** An integer number in int range becomes an int, another safe integer a long, any other number a double. */
  setObjectProperty(name: string, value: PropertyObject): void {
    this.setProperty(name, fromObject(value));
  }

  /** @internal Before send: a body written piecewise (BytesMessage) becomes the facade's body. */
  flushBody(): void {}

  /** For the session: a received message's body and properties are read-only [JMS 2.0 3.11.2]. */
  markReceived(): void {
    this.bodyReadOnly = true;
    this.propertiesReadOnly = true;
  }

  private setProperty(name: string, value: PropertyValue): void {
    if (this.propertiesReadOnly) {
      throw new MessageNotWriteableException(
        "the message properties are read-only; call clearProperties() first",
      );
    }
    if (typeof name !== "string" || !isIdentifier(name)) {
      throw new JMSException(
        `"${String(name)}" is not a valid property name: it must be a JMS identifier [JMS 2.0 3.5.1]`,
      );
    }
    const jmsx = jmsxProperty(name);
    if (jmsx) jmsx.set(this.facade, value);
    else this.facade.setProperty(name, value);
  }

  private property(name: string): PropertyValue | undefined {
    return jmsxProperty(name)?.get(this.facade) ?? this.facade.getProperty(name);
  }

  protected checkWritable(): void {
    if (this.bodyReadOnly)
      throw new MessageNotWriteableException("the message body is read-only; call clearBody() first");
  }
}

/** JMS has two delivery modes [JMS 2.0 4.8]. */
export function checkDeliveryMode(mode: number): DeliveryModeValue {
  if (mode !== DeliveryMode.PERSISTENT && mode !== DeliveryMode.NON_PERSISTENT) {
    throw new JMSException(
      `delivery mode must be DeliveryMode.PERSISTENT (2) or NON_PERSISTENT (1), got ${mode}`,
    );
  }
  return mode;
}

/** JMS priorities run 0 (lowest) to 9 (highest) [JMS 2.0 3.4.10]. */
export function checkPriority(priority: number): number {
  if (!Number.isInteger(priority) || priority < 0 || priority > 9) {
    throw new JMSException(`priority must be an integer from 0 to 9, got ${priority}`);
  }
  return priority;
}
