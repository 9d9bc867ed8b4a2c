import { JMSException } from "../errors/jms-exception";
import type { BytesMessage } from "../message/bytes-message";
import { DeliveryMode, type DeliveryModeValue } from "../message/delivery-mode";
import type { MapMessage } from "../message/map-message";
import { checkDeliveryMode, checkPriority, Message } from "../message/message";
import type { PropertyObject } from "../message/property-value";
import type { Destination } from "./destinations";
import type { CompletionListener, MessageProducer } from "./message-producer";

/** What a JMSProducer needs from its context: messages and the context's shared anonymous producer. */
export interface ProducerContext {
  anonymousProducer(): Promise<MessageProducer>;
  createMessage(): Message;
  createTextMessage(text: string | null): Message;
  createBytesMessage(): BytesMessage;
  createMapMessage(): MapMessage;
  createObjectMessage(value: unknown): Message;
}

/** A body `JMSProducer.send` turns into a message; see {@link JMSProducer.send}. */
export type MessageBody = Message | string | Uint8Array | Map<string, unknown> | object | null;

/**
 * JMS 2.0's fluent producer [JMS 2.0 7.2]: delivery settings, message properties and headers set here
 * apply to every message it sends. It holds no link of its own; sends go through the context's one
 * anonymous producer, so creating many JMSProducers costs nothing.
 */
export class JMSProducer {
  private deliveryMode: DeliveryModeValue = DeliveryMode.PERSISTENT;
  private priority = 4;
  private timeToLive = 0;
  private deliveryDelay = 0;
  private disableMessageId = false;
  private disableTimestamp = false;
  private async: CompletionListener | null = null;
  private readonly properties = new Map<string, PropertyObject>();
  private correlationId: string | Uint8Array | null = null;
  private type: string | null = null;
  private replyTo: Destination | null = null;

  /** @internal Created by `JMSContext.createProducer`. */
  constructor(private readonly context: ProducerContext) {}

  /**
   * Sends `body` to `destination`: a Message as it is; a string as a TextMessage; a Uint8Array as a
   * BytesMessage; a Map as a MapMessage; null as a TextMessage without text; any other value as an
   * ObjectMessage carrying it AMQP-typed. Resolves once the broker settles it (or once written, with
   * `setAsync`, whose listener then hears the outcome).
   * @throws InvalidDestinationException for a missing destination.
   * @throws MessageFormatException for a value that cannot be a message body.
   * @throws SendFailedException if the broker refuses the message.
   */
  async send(destination: Destination, body: MessageBody): Promise<JMSProducer> {
    const message = this.toMessage(body);
    this.applyHeaders(message);
    const producer = await this.context.anonymousProducer();
    const options = {
      deliveryMode: this.deliveryMode,
      priority: this.priority,
      timeToLive: this.timeToLive,
      deliveryDelay: this.deliveryDelay,
      disableMessageID: this.disableMessageId,
      disableMessageTimestamp: this.disableTimestamp,
    };
    if (this.async) await producer.sendWithOptions(destination, message, options, this.async);
    else await producer.sendWithOptions(destination, message, options);
    return this;
  }

  setDeliveryMode(mode: DeliveryModeValue): this {
    this.deliveryMode = checkDeliveryMode(mode);
    return this;
  }
  getDeliveryMode(): DeliveryModeValue {
    return this.deliveryMode;
  }
  setPriority(priority: number): this {
    this.priority = checkPriority(priority);
    return this;
  }
  getPriority(): number {
    return this.priority;
  }
  setTimeToLive(ms: number): this {
    this.timeToLive = checkMs(ms, "time to live");
    return this;
  }
  getTimeToLive(): number {
    return this.timeToLive;
  }
  setDeliveryDelay(ms: number): this {
    this.deliveryDelay = checkMs(ms, "delivery delay");
    return this;
  }
  getDeliveryDelay(): number {
    return this.deliveryDelay;
  }
  setDisableMessageID(disable: boolean): this {
    this.disableMessageId = disable;
    return this;
  }
  getDisableMessageID(): boolean {
    return this.disableMessageId;
  }
  setDisableMessageTimestamp(disable: boolean): this {
    this.disableTimestamp = disable;
    return this;
  }
  getDisableMessageTimestamp(): boolean {
    return this.disableTimestamp;
  }
  /** Sends become asynchronous: `send` resolves once written and the listener hears the outcome [JMS 2.0 7.3]. */
  setAsync(listener: CompletionListener | null): this {
    this.async = listener;
    return this;
  }
  getAsync(): CompletionListener | null {
    return this.async;
  }

  /**
   * A property for every message sent, with the type `Message.setObjectProperty` gives the value.
   * @throws MessageFormatException for a value JMS properties cannot hold; JMSException for a bad name.
   */
  setProperty(name: string, value: PropertyObject): this {
    // Validate now, as JMS does, by trying it on a scratch message.
    this.context.createMessage().setObjectProperty(name, value);
    this.properties.set(name, value);
    return this;
  }
  propertyExists(name: string): boolean {
    return this.properties.has(name);
  }
  getObjectProperty(name: string): PropertyObject | null {
    return this.properties.get(name) ?? null;
  }
  getPropertyNames(): string[] {
    return [...this.properties.keys()];
  }
  clearProperties(): this {
    this.properties.clear();
    return this;
  }

  setJMSCorrelationID(id: string | null): this {
    this.correlationId = id;
    return this;
  }
  getJMSCorrelationID(): string | null {
    return typeof this.correlationId === "string" ? this.correlationId : null;
  }
  setJMSCorrelationIDAsBytes(id: Uint8Array | null): this {
    this.correlationId = id === null ? null : Uint8Array.from(id);
    return this;
  }
  getJMSCorrelationIDAsBytes(): Uint8Array | null {
    return this.correlationId instanceof Uint8Array ? Uint8Array.from(this.correlationId) : null;
  }
  setJMSType(type: string | null): this {
    this.type = type;
    return this;
  }
  getJMSType(): string | null {
    return this.type;
  }
  setJMSReplyTo(destination: Destination | null): this {
    this.replyTo = destination;
    return this;
  }
  getJMSReplyTo(): Destination | null {
    return this.replyTo;
  }

  private toMessage(body: MessageBody): Message {
    if (body instanceof Message) return body;
    if (body === null || typeof body === "string") return this.context.createTextMessage(body);
    if (body instanceof Uint8Array) {
      const message = this.context.createBytesMessage();
      message.writeBytes(body);
      return message;
    }
    if (body instanceof Map) return this.mapMessage(body);
    return this.context.createObjectMessage(body);
  }

  private mapMessage(body: Map<string, unknown>): MapMessage {
    const message = this.context.createMapMessage();
    for (const [name, value] of body) {
      if (typeof name !== "string") {
        throw new JMSException(`MapMessage names are strings; got a ${typeof name} key`);
      }
      message.setObject(name, value as Parameters<MapMessage["setObject"]>[1]);
    }
    return message;
  }

  private applyHeaders(message: Message): void {
    for (const [name, value] of this.properties) message.setObjectProperty(name, value);
    if (this.correlationId instanceof Uint8Array) message.setJMSCorrelationIDAsBytes(this.correlationId);
    else if (this.correlationId !== null) message.setJMSCorrelationID(this.correlationId);
    if (this.type !== null) message.setJMSType(this.type);
    if (this.replyTo !== null) message.setJMSReplyTo(this.replyTo);
  }
}

function checkMs(ms: number, what: string): number {
  if (!Number.isSafeInteger(ms) || ms < 0)
    throw new JMSException(`${what} must be an integer >= 0 ms, got ${ms}`);
  return ms;
}
