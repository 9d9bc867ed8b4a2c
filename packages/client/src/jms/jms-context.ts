import { IllegalStateException } from "../errors/exceptions";
import type { BytesMessage } from "../message/bytes-message";
import type { MapMessage } from "../message/map-message";
import type { Message } from "../message/message";
import type { ObjectMessage } from "../message/object-message";
import type { ObjectValue } from "../message/object-value";
import type { StreamMessage } from "../message/stream-message";
import type { TextMessage } from "../message/text-message";
import { CloseOnce } from "./close-once";
import type { Connection, ExceptionListener } from "./connection";
import type { ConnectionMetaData } from "./connection-meta-data";
import type { Destination, Queue, TemporaryQueue, TemporaryTopic, Topic } from "./destinations";
import { JMSConsumer } from "./jms-consumer";
import { JMSProducer, type ProducerContext } from "./jms-producer";
import type { MessageProducer } from "./message-producer";
import type { MessageConsumer } from "./message-consumer";
import type { QueueBrowser } from "./queue-browser";
import { Session, type AcknowledgeMode } from "./session";

/** The connection behind one or more contexts; it closes with the last of them [JMS 2.0 6.2.2]. */
export class SharedConnection {
  private users = 0;

  constructor(readonly connection: Connection) {}

  retain(): void {
    this.users++;
  }

  async release(): Promise<void> {
    if (--this.users === 0) await this.connection.close();
  }
}

/**
 * JMS 2.0's simplified API [JMS 2.0 6.2]: one connection and one session in one object. Consumers start
 * the connection unless `setAutoStart(false)`. Create one with `ConnectionFactory.createContext()`; more
 * contexts on the same connection with `createContext(sessionMode)`.
 *
 * TypeScript has no checked exceptions, so where Java's simplified API throws `JMSRuntimeException`s this
 * one throws the same JMSException classes as the classic API (see `isJMSException`).
 */
export class JMSContext implements AsyncDisposable, ProducerContext {
  static readonly SESSION_TRANSACTED = Session.SESSION_TRANSACTED;
  static readonly AUTO_ACKNOWLEDGE = Session.AUTO_ACKNOWLEDGE;
  static readonly CLIENT_ACKNOWLEDGE = Session.CLIENT_ACKNOWLEDGE;
  static readonly DUPS_OK_ACKNOWLEDGE = Session.DUPS_OK_ACKNOWLEDGE;
  static readonly INDIVIDUAL_ACKNOWLEDGE = Session.INDIVIDUAL_ACKNOWLEDGE;

  private autoStart = true;
  private producer: Promise<MessageProducer> | undefined;
  private readonly closer = new CloseOnce("JMS context");

  /** @internal Created by `ConnectionFactory.createContext` or `JMSContext.createContext`. */
  constructor(
    private readonly shared: SharedConnection,
    private readonly session: Session,
  ) {
    shared.retain();
  }

  /**
   * Another context on this context's connection, with a session of its own [JMS 2.0 6.2.3].
   * @throws JMSException for an unknown session mode; IllegalStateException once closed.
   */
  async createContext(sessionMode: number = JMSContext.AUTO_ACKNOWLEDGE): Promise<JMSContext> {
    this.closer.check("create a context");
    const session = await this.shared.connection.createSession(sessionMode);
    return new JMSContext(this.shared, session);
  }

  /** A fluent producer; cheap, holds no link [JMS 2.0 7.2]. */
  createProducer(): JMSProducer {
    this.closer.check("create a producer");
    return new JMSProducer(this);
  }

  /**
   * A consumer on `destination`; starts the connection unless auto-start is off.
   * @throws InvalidDestinationException if the broker refuses the address.
   */
  async createConsumer(
    destination: Destination,
    messageSelector?: string | null,
    noLocal = false,
  ): Promise<JMSConsumer> {
    this.closer.check("create a consumer");
    const consumer = await this.session.createConsumer(destination, messageSelector, noLocal);
    if (this.autoStart) await this.shared.connection.start();
    return new JMSConsumer(consumer);
  }

  /**
   * A consumer on the durable subscription `name` [JMS 2.0 8.3.2]; needs a ClientID. Starts the connection
   * unless auto-start is off.
   * @see Session.createDurableConsumer
   */
  createDurableConsumer(
    topic: Topic,
    name: string,
    messageSelector?: string | null,
    noLocal = false,
  ): Promise<JMSConsumer> {
    this.closer.check("create a durable consumer");
    return this.started(this.session.createDurableConsumer(topic, name, messageSelector, noLocal));
  }

  /** A consumer on the shared subscription `name` [JMS 2.0 8.3.3]. @see Session.createSharedConsumer */
  createSharedConsumer(topic: Topic, name: string, messageSelector?: string | null): Promise<JMSConsumer> {
    this.closer.check("create a shared consumer");
    return this.started(this.session.createSharedConsumer(topic, name, messageSelector));
  }

  /** A consumer on the shared durable subscription `name` [JMS 2.0 8.3.4]. @see Session.createSharedDurableConsumer */
  createSharedDurableConsumer(
    topic: Topic,
    name: string,
    messageSelector?: string | null,
  ): Promise<JMSConsumer> {
    this.closer.check("create a shared durable consumer");
    return this.started(this.session.createSharedDurableConsumer(topic, name, messageSelector));
  }

  /** Deletes the durable subscription `name` [JMS 2.0 8.3.2]. @see Session.unsubscribe */
  unsubscribe(name: string): Promise<void> {
    this.closer.check("unsubscribe");
    return this.session.unsubscribe(name);
  }

  /** Wraps a new consumer, starting the connection unless auto-start is off. */
  private async started(creating: Promise<MessageConsumer>): Promise<JMSConsumer> {
    const consumer = await creating;
    if (this.autoStart) await this.shared.connection.start();
    return new JMSConsumer(consumer);
  }

  /** A browser over `queue` [JMS 2.0 5.9]. */
  createBrowser(queue: Queue, messageSelector?: string | null): Promise<QueueBrowser> {
    this.closer.check("create a browser");
    return this.session.createBrowser(queue, messageSelector);
  }

  createQueue(name: string): Queue {
    return this.session.createQueue(name);
  }
  createTopic(name: string): Topic {
    return this.session.createTopic(name);
  }
  createTemporaryQueue(): Promise<TemporaryQueue> {
    return this.session.createTemporaryQueue();
  }
  createTemporaryTopic(): Promise<TemporaryTopic> {
    return this.session.createTemporaryTopic();
  }

  createMessage(): Message {
    return this.session.createMessage();
  }
  createTextMessage(text: string | null = null): TextMessage {
    return this.session.createTextMessage(text);
  }
  createBytesMessage(): BytesMessage {
    return this.session.createBytesMessage();
  }
  createMapMessage(): MapMessage {
    return this.session.createMapMessage();
  }
  createStreamMessage(): StreamMessage {
    return this.session.createStreamMessage();
  }
  createObjectMessage(value?: ObjectValue): ObjectMessage {
    return this.session.createObjectMessage(value);
  }

  /** CLIENT_ACKNOWLEDGE: acknowledges every message this context has received [JMS 2.0 6.2.10]. */
  acknowledge(): Promise<void> {
    this.closer.check("acknowledge");
    return this.session.acknowledge();
  }

  /** Redelivers every unacknowledged message [JMS 2.0 6.2.11]. */
  recover(): Promise<void> {
    this.closer.check("recover");
    return this.session.recover();
  }

  /**
   * SESSION_TRANSACTED: commits the context's transaction [JMS 2.0 6.2.7]. @see Session.commit
   * @throws IllegalStateException if the context is not transacted or is closed.
   * @throws TransactionRolledBackException, TransactionInDoubtException as Session.commit.
   */
  commit(): Promise<void> {
    return new Promise((resolve) => {
      this.closer.check("commit");
      resolve(this.session.commit());
    });
  }

  /**
   * SESSION_TRANSACTED: rolls the context's transaction back [JMS 2.0 6.2.7]. @see Session.rollback
   * @throws IllegalStateException if the context is not transacted or is closed.
   */
  rollback(): Promise<void> {
    return new Promise((resolve) => {
      this.closer.check("roll back");
      resolve(this.session.rollback());
    });
  }

  getSessionMode(): AcknowledgeMode {
    return this.session.getAcknowledgeMode();
  }
  getTransacted(): boolean {
    return this.session.getTransacted();
  }
  getAutoStart(): boolean {
    return this.autoStart;
  }
  /** Whether creating a consumer starts the connection (default true). */
  setAutoStart(autoStart: boolean): void {
    this.autoStart = autoStart;
  }

  start(): Promise<void> {
    return this.shared.connection.start();
  }
  stop(): Promise<void> {
    return this.shared.connection.stop();
  }

  getClientID(): string {
    return this.shared.connection.getClientID();
  }
  getMetaData(): ConnectionMetaData {
    return this.shared.connection.getMetaData();
  }
  getExceptionListener(): ExceptionListener | undefined {
    return this.shared.connection.getExceptionListener();
  }
  setExceptionListener(listener: ExceptionListener | undefined): void {
    this.shared.connection.setExceptionListener(listener);
  }

  /** Closes the session, and the connection once no other context uses it. Idempotent. */
  close(): Promise<void> {
    return this.closer.run(async () => {
      try {
        await this.session.close();
      } finally {
        await this.shared.release();
      }
    });
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** @internal ProducerContext: the one anonymous producer every JMSProducer of this context sends through. */
  anonymousProducer(): Promise<MessageProducer> {
    if (this.closer.isClosed) return Promise.reject(this.closer.closedError("send"));
    this.producer ??= this.session.createProducer(null).catch((error: unknown) => {
      this.producer = undefined;
      throw error instanceof Error ? error : new IllegalStateException(String(error));
    });
    return this.producer;
  }
}
