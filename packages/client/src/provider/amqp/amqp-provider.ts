import type { Connection, EventContext, Session } from "rhea";
import type {
  BytesMessageFacade,
  MapMessageFacade,
  MessageFacade,
  ObjectMessageFacade,
  StreamMessageFacade,
  TextMessageFacade,
} from "../../message/message-facade";
import type {
  AckOutcome,
  ConnectionInfo,
  ConsumerInfo,
  InboundDelivery,
  ProducerInfo,
  Provider,
  SendOptions,
  SessionOptions,
  TemporaryDestinationInfo,
} from "../provider";
import { ProviderError } from "../provider-error";
import type { ProviderListener } from "../provider-listener";
import { openAmqpConnection } from "./amqp-connection";
import { AmqpBrowser } from "./amqp-browser";
import { AmqpConsumer } from "./amqp-consumer";
import { AmqpTemporaryDestination } from "./amqp-temporary-destination";
import { AmqpTransactions } from "./amqp-transactions";
import { unsubscribeLink } from "./amqp-subscription";
import { fromAmqpError } from "./amqp-error-conditions";
import { AmqpMessageFacade } from "./amqp-message-facade";
import { encodeForSend } from "./amqp-message-codec";
import { createProducerEndpoint, type ProducerEndpoint } from "./amqp-producer-endpoint";
import { AmqpTextMessageFacade } from "./amqp-text-message-facade";
import { AmqpBytesMessageFacade } from "./amqp-bytes-message-facade";
import { AmqpMapMessageFacade } from "./amqp-map-message-facade";
import { AmqpStreamMessageFacade } from "./amqp-stream-message-facade";
import { AmqpObjectMessageFacade } from "./amqp-object-message-facade";
import { type AmqpUri, parseAmqpUri } from "./amqp-uri";
import { awaitRemoteClose, awaitRemoteOpen, setEndpointTimeouts } from "./rhea-endpoint";

/**
 * The Provider over AMQP 1.0 with rhea as the frame engine. Each JMS session gets an AMQP session for its
 * producers, and each consumer an AMQP session of its own, so one slow consumer's unsettled deliveries
 * cannot stall the others in rhea's per-session delivery ring [rhea.md 1.6].
 */
export class AmqpProvider implements Provider {
  private readonly uri: AmqpUri;
  private connection: Connection | undefined;
  private listener: ProviderListener | undefined;
  private readonly sessions = new Map<string, Session>();
  private readonly producers = new Map<string, ProducerEndpoint>();
  private readonly consumers = new Map<string, { consumer: AmqpConsumer | AmqpBrowser; session: Session }>();
  private readonly temporaries = new Map<string, AmqpTemporaryDestination>();
  /** Transacted sessions' coordinators (amqp-transactions.ts). */
  private readonly transactions = new AmqpTransactions();
  /** The AMQP session carrying the links that keep temporary destinations alive; begun on first use. */
  private temporarySession: Promise<Session> | undefined;
  private failure: ProviderError | undefined;
  private closing: Promise<void> | undefined;

  constructor(uri: string) {
    this.uri = parseAmqpUri(uri);
  }

  setListener(listener: ProviderListener): void {
    this.listener = listener;
  }

  createMessageFacade(): MessageFacade {
    return new AmqpMessageFacade();
  }

  createTextMessageFacade(): TextMessageFacade {
    return new AmqpTextMessageFacade();
  }

  createBytesMessageFacade(): BytesMessageFacade {
    return new AmqpBytesMessageFacade();
  }

  createMapMessageFacade(): MapMessageFacade {
    return new AmqpMapMessageFacade();
  }

  createStreamMessageFacade(): StreamMessageFacade {
    return new AmqpStreamMessageFacade();
  }

  createObjectMessageFacade(): ObjectMessageFacade {
    const facade = new AmqpObjectMessageFacade();
    facade.setObject(null);
    return facade;
  }

  async connect(info: ConnectionInfo): Promise<void> {
    const connection = await openAmqpConnection(this.uri, info);
    this.connection = connection;
    setEndpointTimeouts(connection, {
      requestTimeoutMs: Math.max(0, this.uri.jms.requestTimeout),
      closeTimeoutMs: Math.max(0, this.uri.jms.closeTimeout),
    });
    // Every pending broker reply listens for a connection loss; there can be many at once.
    connection.setMaxListeners(0);
    connection.on("disconnected", (context: EventContext) =>
      this.lost((context as { error?: unknown }).error),
    );
    connection.on("connection_close", () => this.lost(connection.error));
    // Errors of single endpoints arrive as their close events; these keep rhea from escalating them.
    for (const event of [
      "connection_error",
      "session_error",
      "sender_error",
      "receiver_error",
      "protocol_error",
    ]) {
      connection.on(event, () => undefined);
    }
  }

  async createSession(sessionId: string, options: SessionOptions = {}): Promise<void> {
    const session = await this.beginSession(`session ${sessionId}`);
    this.sessions.set(sessionId, session);
    if (!options.transacted) return;
    try {
      await this.whileConnected(this.transactions.open(session, sessionId));
    } catch (error) {
      // A refused coordinator or declare fails the session: its AMQP session must not stay open.
      this.sessions.delete(sessionId);
      if (!this.failure) await this.endSession(session).catch(() => undefined);
      throw error;
    }
  }

  commit(sessionId: string): Promise<void> {
    return this.transactions.commit(sessionId);
  }

  rollback(sessionId: string): Promise<void> {
    return this.transactions.rollback(sessionId);
  }

  async destroySession(sessionId: string): Promise<void> {
    const session = this.sessions.get(sessionId);
    this.sessions.delete(sessionId);
    const closing = this.transactions.close(sessionId);
    if (!this.failure) await this.whileConnected(closing);
    if (session) await this.endSession(session);
  }

  async createProducer(info: ProducerInfo): Promise<void> {
    const session = this.sessionFor(info.sessionId);
    const attaching = createProducerEndpoint(this.openConnection(), session, info, (error) => {
      this.producers.delete(info.id);
      this.listener?.onRemoteClose("producer", info.id, error);
    });
    this.producers.set(info.id, await this.whileConnected(attaching));
    this.transactions.joined(info);
  }

  async destroyProducer(producerId: string): Promise<void> {
    const producer = this.producers.get(producerId);
    this.producers.delete(producerId);
    this.transactions.left(producerId);
    if (producer && !this.failure) await this.whileConnected(producer.close());
  }

  async createConsumer(info: ConsumerInfo): Promise<void> {
    const session = await this.beginSession(`consumer ${info.id}`);
    const events = {
      onMessage: (delivery: InboundDelivery) => this.listener?.onInboundMessage(delivery),
      onRemoteClose: (error: ProviderError) => {
        this.consumers.delete(info.id);
        this.listener?.onRemoteClose("consumer", info.id, error);
      },
    };
    const attaching: Promise<AmqpBrowser | AmqpConsumer> = info.browse
      ? AmqpBrowser.attach(session, info, events, this.uri.jms.consumerWindowBytes)
      : AmqpConsumer.attach(
          session,
          info,
          events,
          this.uri.amqp.drainTimeout,
          this.uri.jms.consumerWindowBytes,
        );
    let consumer: AmqpBrowser | AmqpConsumer;
    try {
      consumer = await this.whileConnected(attaching);
    } catch (error) {
      // A refused attach (bad selector, subscription in use) must not leave its session open.
      if (!this.failure) await this.endSession(session).catch(() => undefined);
      throw error;
    }
    this.consumers.set(info.id, { consumer, session });
    this.transactions.joined(info);
  }

  startConsumer(consumerId: string): void {
    this.consumers.get(consumerId)?.consumer.start();
  }

  stopConsumer(consumerId: string): void {
    // A browser's copies are settled on arrival: nothing comes back to it, so it keeps its credit.
    const consumer = this.consumers.get(consumerId)?.consumer;
    if (consumer instanceof AmqpConsumer) consumer.stop();
  }

  async destroyConsumer(consumerId: string): Promise<void> {
    const entry = this.consumers.get(consumerId);
    this.consumers.delete(consumerId);
    this.transactions.left(consumerId);
    if (!entry || this.failure) return;
    await this.whileConnected(entry.consumer.close());
    await this.endSession(entry.session);
  }

  drainConsumer(consumerId: string): Promise<void> {
    const consumer = this.consumers.get(consumerId)?.consumer;
    if (!(consumer instanceof AmqpBrowser) || this.failure) return Promise.resolve();
    return this.whileConnected(consumer.drain());
  }

  pull(consumerId: string, timeoutMs: number): Promise<void> {
    const consumer = this.consumers.get(consumerId)?.consumer;
    if (!consumer || this.failure) return Promise.resolve();
    const pulled = consumer instanceof AmqpBrowser ? consumer.drain() : consumer.pull(timeoutMs);
    return this.whileConnected(pulled);
  }

  async createTemporaryDestination(info: TemporaryDestinationInfo): Promise<string> {
    const beginning = (this.temporarySession ??= this.beginSession("temporary destinations"));
    beginning.catch(() => (this.temporarySession = undefined));
    const created = await this.whileConnected(AmqpTemporaryDestination.create(await beginning, info));
    this.temporaries.set(info.id, created);
    return created.address;
  }

  async deleteTemporaryDestination(id: string): Promise<void> {
    const temporary = this.temporaries.get(id);
    this.temporaries.delete(id);
    if (temporary && !this.failure) await this.whileConnected(temporary.delete());
  }

  /** On an AMQP session of its own, ended afterwards (Qpid JMS uses a hidden session) [qpid-jms 2.7]. */
  async unsubscribe(name: string, global: boolean): Promise<void> {
    const session = await this.beginSession(`unsubscribe ${name}`);
    try {
      await this.whileConnected(unsubscribeLink(session, name, global));
    } finally {
      await this.endSession(session);
    }
  }

  send(producerId: string, facade: MessageFacade, options: SendOptions): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const producer = this.producers.get(producerId);
    if (!producer) return Promise.reject(new ProviderError("illegal-state", "the producer is closed"));
    let transferState: unknown;
    try {
      transferState = this.transactions.transferStateFor(producerId);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new ProviderError("general", String(error)));
    }
    const linkOptions = transferState === undefined ? options : { ...options, transferState };
    return producer.send(encodeForSend(facade, options.timeToLiveMs), linkOptions);
  }

  messageDelivered(delivery: InboundDelivery): void {
    this.consumers.get(delivery.consumerId)?.consumer.delivered(delivery);
  }

  acknowledge(delivery: InboundDelivery, outcome: AckOutcome): void {
    // After a connection loss the broker has already taken unsettled messages back.
    if (this.failure) return;
    if (this.transactions.acknowledge(delivery, outcome)) return;
    const entry = this.consumers.get(delivery.consumerId);
    if (entry) entry.consumer.settle(delivery, outcome);
    else (delivery.token as { release(): void }).release();
  }

  close(): Promise<void> {
    return (this.closing ??= this.closeConnection());
  }

  private async closeConnection(): Promise<void> {
    const connection = this.connection;
    this.failure ??= new ProviderError("illegal-state", "the connection is closed");
    this.producers.forEach((producer) => producer.fail(this.failure as ProviderError));
    if (!connection || !connection.is_open()) return;
    const closed = new Promise<void>((resolve) => {
      connection.once("connection_close", () => resolve());
      connection.once("disconnected", () => resolve());
    });
    connection.close();
    // jms.closeTimeout bounds the wait for the broker's close frame (0: wait for it however long).
    const limit = this.uri.jms.closeTimeout;
    if (limit <= 0) return closed;
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, limit).unref())]);
  }

  /** The connection dropped or the broker closed it: everything pending fails with why. */
  private lost(error: unknown): void {
    if (this.failure) return;
    const failure = fromAmqpError(error, "connection-failed", "the connection to the broker was lost");
    this.failure = failure;
    this.producers.forEach((producer) => producer.fail(failure));
    this.listener?.onConnectionFailure(failure);
  }

  private async beginSession(what: string): Promise<Session> {
    const connection = this.openConnection();
    const session = connection.create_session();
    // Each producer and pending reply listens for the session's end; there can be many.
    session.setMaxListeners(0);
    const opened = awaitRemoteOpen(session, "session", what, "general");
    session.begin();
    await this.whileConnected(opened);
    return session;
  }

  private async endSession(session: Session): Promise<void> {
    if (this.failure || !session.is_open()) return;
    const ended = awaitRemoteClose(session, "session");
    session.close();
    await this.whileConnected(ended);
  }

  private sessionFor(sessionId: string): Session {
    const session = this.sessions.get(sessionId);
    if (!session) throw new ProviderError("illegal-state", "the session is closed");
    return session;
  }

  private openConnection(): Connection {
    if (this.failure) throw this.failure;
    if (!this.connection) throw new ProviderError("illegal-state", "not connected");
    return this.connection;
  }

  /** Waits for a broker reply, unless the connection goes first. */
  private whileConnected<T>(operation: Promise<T>): Promise<T> {
    const connection = this.openConnection();
    return new Promise<T>((resolve, reject) => {
      const onGone = () =>
        reject(this.failure ?? new ProviderError("connection-failed", "the connection was lost"));
      connection.once("disconnected", onGone);
      connection.once("connection_close", onGone);
      operation.then(resolve, reject).finally(() => {
        connection.removeListener("disconnected", onGone);
        connection.removeListener("connection_close", onGone);
      });
    });
  }
}
