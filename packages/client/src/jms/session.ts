import { IllegalStateException, InvalidDestinationException } from "../errors/exceptions";
import { JMSException } from "../errors/jms-exception";
import { jmsCall } from "../errors/to-jms-exception";
import { Message } from "../message/message";
import { BytesMessage } from "../message/bytes-message";
import { MapMessage } from "../message/map-message";
import { StreamMessage } from "../message/stream-message";
import { TextMessage } from "../message/text-message";
import { ObjectMessage } from "../message/object-message";
import type { ObjectValue } from "../message/object-value";
import type { InboundDelivery, Provider } from "../provider/provider";
import { CloseOnce } from "./close-once";
import { checkDestination, checkQueue, checkSelector } from "./destination-checks";
import { type Destination, Queue, type TemporaryQueue, type TemporaryTopic, Topic } from "./destinations";
import { ChildIds } from "./id-generator";
import { type ConsumerHost, type DeliverySink, MessageConsumer } from "./message-consumer";
import type { ConnectionOptions } from "./connection-options";
import { SessionAcknowledger } from "./dispatch/session-acknowledger";
import type { ConsumerPolicy } from "./dispatch/redelivery-policy";
import { SessionDispatcher } from "./dispatch/session-dispatcher";
import { MessageProducer } from "./message-producer";
import { DEFAULT_SEND_POLICY, type SendPolicy } from "./send-policy";
import { type BrowserOwner, QueueBrowser } from "./queue-browser";
import type { TemporaryDestinations } from "./temporary-destinations";
import {
  type ConsumerExtras,
  openSubscription,
  type SubscriptionSession,
  unsubscribe,
} from "./session-subscriptions";
import { SubscriptionTracker } from "./subscription-tracker";
import { SessionTransaction } from "./session-transaction";

/** What a session needs from its connection. */
export interface SessionOwner {
  readonly prefetch: number;
  readonly temporaries: TemporaryDestinations;
  isStarted(): boolean;
  registerConsumer(consumer: MessageConsumer): void;
  unregisterConsumer(consumer: MessageConsumer): void;
  sessionClosed(session: Session): void;
  /** How producers send (jms.* send options); the defaults when absent. */
  readonly sendPolicy?: SendPolicy;
  /** An asynchronous send failed after it was written: the connection's ExceptionListener hears it. */
  reportAsyncFailure?(exception: JMSException): void;
  /** The connection URI's options: consumers read `jms.redeliveryPolicy` here. */
  readonly options?: ConnectionOptions;
  /** A MessageListener threw or rejected: the connection's ExceptionListener hears it [JMS 2.0 8.7]. */
  reportListenerFailure?(error: unknown): void;
  /** The named subscriptions the connection's consumers use (jms/subscription-tracker.ts). */
  readonly subscriptions?: SubscriptionTracker;
  /** Whether the application chose the ClientID (setClientID or jms.clientID) [JMS 2.0 6.1.2]. */
  hasExplicitClientID?(): boolean;
}

/** SESSION_TRANSACTED (0), AUTO (1), CLIENT (2), DUPS_OK (3) or Qpid JMS's INDIVIDUAL_ACKNOWLEDGE (101). */
export type AcknowledgeMode = 0 | 1 | 2 | 3 | 101;

/**
 * A single-threaded context for producing and consuming [JMS 2.0 6]. The acknowledge mode decides when
 * a received message counts as consumed: AUTO and DUPS_OK once receive() hands it over, CLIENT when the
 * application calls `message.acknowledge()`.
 */
export class Session implements AsyncDisposable, DeliverySink, ConsumerHost, BrowserOwner {
  static readonly SESSION_TRANSACTED = 0;
  static readonly AUTO_ACKNOWLEDGE = 1;
  static readonly CLIENT_ACKNOWLEDGE = 2;
  static readonly DUPS_OK_ACKNOWLEDGE = 3;
  /** Qpid JMS's extension: `message.acknowledge()` acknowledges only that message. */
  static readonly INDIVIDUAL_ACKNOWLEDGE = 101;

  private readonly childIds: ChildIds;
  private readonly producers = new Set<MessageProducer>();
  private readonly consumers = new Set<MessageConsumer>();
  private readonly browsers = new Set<QueueBrowser>();
  /** The acknowledge mode applied to what this session hands out (jms/dispatch/session-acknowledger.ts). */
  private readonly acknowledger: SessionAcknowledger;
  /** @internal ConsumerHost: serial listener delivery for this session. */
  readonly dispatcher = new SessionDispatcher();
  private readonly closer = new CloseOnce("session");
  /** The durable and shared subscription methods' view of this session (jms/session-subscriptions.ts). */
  private readonly subscriptionSession: SubscriptionSession;

  /** @internal Created by `Connection.createSession`. */
  constructor(
    private readonly provider: Provider,
    readonly id: string,
    private readonly ackMode: AcknowledgeMode,
    private readonly owner: SessionOwner,
  ) {
    this.childIds = new ChildIds(id);
    this.acknowledger = new SessionAcknowledger(provider, ackMode, {
      checkOpen: (action) => this.closer.check(action),
      consumerById: (consumerId) => [...this.consumers].find((c) => c.id === consumerId),
      reportListenerFailure: (error) => this.owner.reportListenerFailure?.(error),
    });
    this.subscriptionSession = this.subscriptionView();
    this.transaction = new SessionTransaction(provider, ackMode === Session.SESSION_TRANSACTED, {
      id,
      checkOpen: (action) => this.closer.check(action),
      consumers: () => this.consumers,
    });
  }

  /** Commit and rollback of a transacted session (jms/session-transaction.ts). */
  private readonly transaction: SessionTransaction;

  /**
   * Commits the transaction's sends and receives [JMS 2.0 6.2.7].
   * @throws IllegalStateException if the session is not transacted or is closed.
   * @throws TransactionRolledBackException if the broker rolled back instead, or the connection was lost first.
   * @throws TransactionInDoubtException if the connection was lost while the commit was outstanding.
   */
  commit(): Promise<void> {
    return this.transaction.commit();
  }

  /**
   * Rolls back the transaction: its sends are discarded and its received messages come again, marked
   * redelivered [JMS 2.0 6.2.7].
   * @throws IllegalStateException if the session is not transacted or is closed.
   */
  rollback(): Promise<void> {
    return this.transaction.rollback();
  }

  getTransacted(): boolean {
    return this.transaction.transacted;
  }

  getAcknowledgeMode(): AcknowledgeMode {
    return this.ackMode;
  }

  /** @throws InvalidDestinationException for an empty name. */
  createQueue(name: string): Queue {
    if (typeof name !== "string" || name.length === 0) {
      throw new InvalidDestinationException("a queue name must be a non-empty string");
    }
    return new Queue(name);
  }

  /** @throws InvalidDestinationException for an empty name. */
  createTopic(name: string): Topic {
    if (typeof name !== "string" || name.length === 0) {
      throw new InvalidDestinationException("a topic name must be a non-empty string");
    }
    return new Topic(name);
  }

  /**
   * A queue the broker names, living until `delete()` or the connection closes [JMS 2.0 6.2.2].
   * @throws JMSException if the broker cannot create dynamic nodes; IllegalStateException once closed.
   */
  async createTemporaryQueue(): Promise<TemporaryQueue> {
    this.closer.check("create a temporary queue");
    return this.owner.temporaries.createTemporaryQueue();
  }

  /**
   * A topic the broker names, living until `delete()` or the connection closes [JMS 2.0 6.2.2].
   * @throws JMSException if the broker cannot create dynamic nodes; IllegalStateException once closed.
   */
  async createTemporaryTopic(): Promise<TemporaryTopic> {
    this.closer.check("create a temporary topic");
    return this.owner.temporaries.createTemporaryTopic();
  }

  /**
   * A browser over the messages on `queue`, which leaves them there [JMS 2.0 QueueBrowser]; with a
   * selector it shows only the messages the selector matches [JMS 2.0 3.8].
   * @throws InvalidDestinationException for a topic, a refused address, or another connection's temporary queue.
   * @throws InvalidSelectorException for a selector that is not valid syntax (unless jms.validateSelector=false).
   */
  async createBrowser(queue: Queue, messageSelector?: string | null): Promise<QueueBrowser> {
    this.closer.check("create a browser");
    checkQueue(queue);
    const selector = this.selectorOf(messageSelector);
    this.owner.temporaries.checkConsumable(queue);
    const browser = new QueueBrowser(this.provider, this.childIds.nextId(), queue, this, selector);
    const info = {
      id: browser.id,
      sessionId: this.id,
      destination: queue,
      prefetch: this.prefetchFor(queue, true),
      ...(selector === undefined ? {} : { selector }),
    };
    await jmsCall(() => this.provider.createConsumer({ ...info, browse: true }));
    this.browsers.add(browser);
    this.owner.registerConsumer(browser.consumer);
    browser.consumer.setRunning(true);
    this.provider.startConsumer(browser.id);
    return browser;
  }

  /** @internal BrowserOwner. */
  browserClosed(browser: QueueBrowser): void {
    this.browsers.delete(browser);
    this.owner.unregisterConsumer(browser.consumer);
  }

  createMessage(): Message {
    this.closer.check();
    return new Message(this.provider.createMessageFacade());
  }

  createBytesMessage(): BytesMessage {
    this.closer.check();
    return new BytesMessage(this.provider.createBytesMessageFacade());
  }

  createMapMessage(): MapMessage {
    this.closer.check();
    return new MapMessage(this.provider.createMapMessageFacade());
  }

  createStreamMessage(): StreamMessage {
    this.closer.check();
    return new StreamMessage(this.provider.createStreamMessageFacade());
  }

  /**
   * An ObjectMessage, sent AMQP-typed so Java receives the matching Java object (docs/decisions/0014).
   * @throws MessageFormatException for a value AMQP cannot carry.
   */
  createObjectMessage(object: ObjectValue = null): ObjectMessage {
    this.closer.check();
    const message = new ObjectMessage(this.provider.createObjectMessageFacade());
    message.setObject(object);
    return message;
  }

  createTextMessage(text: string | null = null): TextMessage {
    this.closer.check();
    const message = new TextMessage(this.provider.createTextMessageFacade());
    message.setText(text);
    return message;
  }

  /**
   * Attaches a producer for the destination, or with null an anonymous producer that sends anywhere
   * (one ANONYMOUS-RELAY link, or per-destination links when the broker has no relay: decision 0011).
   * @throws InvalidDestinationException if the broker refuses the address.
   * @throws IllegalStateException if the session is closed.
   */
  async createProducer(destination: Destination | null | undefined): Promise<MessageProducer> {
    this.closer.check();
    // null or undefined: an anonymous producer; each send names its destination [JMS 2.0 7.2].
    const fixed = destination ?? null;
    if (fixed !== null) {
      checkDestination(fixed);
      this.owner.temporaries.checkNotDeleted(fixed);
    }
    const policy = this.owner.sendPolicy ?? DEFAULT_SEND_POLICY;
    const producer = new MessageProducer(
      this.provider,
      this.childIds.nextId(),
      fixed,
      (p) => this.producers.delete(p),
      policy,
      (exception) => this.owner.reportAsyncFailure?.(exception),
      (target) => this.owner.temporaries.checkNotDeleted(target),
    );
    const info = {
      id: producer.id,
      sessionId: this.id,
      destination: fixed,
      // A transacted session's sends wait for the broker's transactional outcome [qpid-jms 2.12].
      presettle: !this.transaction.transacted && policy.presettle(fixed),
      windowBytes: policy.producerWindowBytes,
    };
    await jmsCall(() => this.provider.createProducer(info));
    this.producers.add(producer);
    return producer;
  }

  /**
   * Attaches a consumer for the destination; it receives once the connection is started. With `noLocal`,
   * a topic subscriber does not get messages published by its own connection [JMS 2.0 Session.createConsumer].
   * With a selector the broker sends only the messages it matches [JMS 2.0 3.8]; null, undefined, empty or
   * blank mean none.
   * @throws InvalidDestinationException if the broker refuses the address, or for another connection's
   *   temporary destination.
   * @throws InvalidSelectorException for a selector that is not valid syntax (unless jms.validateSelector=false).
   * @throws IllegalStateException if the session is closed.
   */
  async createConsumer(
    destination: Destination,
    messageSelector?: string | null,
    noLocal = false,
  ): Promise<MessageConsumer> {
    this.closer.check();
    checkDestination(destination);
    const selector = this.selectorOf(messageSelector);
    this.owner.temporaries.checkConsumable(destination);
    return this.openConsumer(destination, this.childIds.nextId(), {
      prefetch: this.prefetchFor(destination),
      ...(selector === undefined ? {} : { selector }),
      ...(noLocal ? { noLocal } : {}),
    });
  }

  /**
   * A consumer on the durable subscription `name` of this connection's ClientID [JMS 2.0 8.3.2]: the
   * broker keeps the messages published to `topic` while no consumer is open, until `unsubscribe(name)`.
   * One consumer at a time. JMS 1.1's name for createDurableConsumer.
   * @throws IllegalStateException without a ClientID, or while another consumer uses the subscription.
   * @throws InvalidSelectorException, InvalidDestinationException as createConsumer.
   */
  createDurableSubscriber(
    topic: Topic,
    name: string,
    messageSelector?: string | null,
    noLocal = false,
  ): Promise<MessageConsumer> {
    return this.createDurableConsumer(topic, name, messageSelector, noLocal);
  }

  /** @see createDurableSubscriber [JMS 2.0 8.3.2] */
  createDurableConsumer(
    topic: Topic,
    name: string,
    messageSelector?: string | null,
    noLocal = false,
  ): Promise<MessageConsumer> {
    const kind = { durable: true, shared: false };
    return openSubscription(this.subscriptionSession, kind, topic, name, messageSelector, noLocal);
  }

  /**
   * A consumer on the shared non-durable subscription `name` [JMS 2.0 8.3.3]. Its consumers, on any
   * session or connection with the same ClientID (or none: then it is global), share the messages; it
   * goes with its last consumer. Needs a broker offering SHARED-SUBS.
   * @throws IllegalStateException if consumers of this connection use the name with another topic or selector.
   * @throws JMSException if the broker does not support shared subscriptions.
   */
  createSharedConsumer(
    topic: Topic,
    name: string,
    messageSelector?: string | null,
  ): Promise<MessageConsumer> {
    const kind = { durable: false, shared: true };
    return openSubscription(this.subscriptionSession, kind, topic, name, messageSelector, false);
  }

  /**
   * A consumer on the shared durable subscription `name` [JMS 2.0 8.3.4], shared as createSharedConsumer,
   * kept as a durable subscription until `unsubscribe(name)`. Works with or without a ClientID.
   * @throws IllegalStateException, JMSException as createSharedConsumer.
   */
  createSharedDurableConsumer(
    topic: Topic,
    name: string,
    messageSelector?: string | null,
  ): Promise<MessageConsumer> {
    const kind = { durable: true, shared: true };
    return openSubscription(this.subscriptionSession, kind, topic, name, messageSelector, false);
  }

  /**
   * Deletes the durable subscription `name` and the messages kept for it [JMS 2.0 8.3.2]; without a
   * ClientID, the global shared durable subscription of that name.
   * @throws IllegalStateException while a consumer uses it; InvalidDestinationException if there is none.
   */
  unsubscribe(name: string): Promise<void> {
    return unsubscribe(this.subscriptionSession, name);
  }

  /** Attaches a consumer with the given id; what createConsumer and the subscription methods share. */
  private async openConsumer(
    destination: Destination,
    id: string,
    extras: ConsumerExtras,
  ): Promise<MessageConsumer> {
    const selector = extras.selector ?? null;
    const consumer = new MessageConsumer(this.provider, id, destination, this, this, selector);
    const info = {
      id: consumer.id,
      sessionId: this.id,
      destination,
      ...extras,
      ...(!this.transaction.transacted && this.presettledFor(destination) ? { presettle: true } : {}),
    };
    await jmsCall(() => this.provider.createConsumer(info));
    this.consumers.add(consumer);
    this.owner.registerConsumer(consumer);
    consumer.setRunning(this.owner.isStarted());
    this.provider.startConsumer(consumer.id);
    return consumer;
  }

  /**
   * Closes the session, its producers and consumers. Messages delivered but not acknowledged go back to
   * the broker as failed deliveries, so they come again marked redelivered [JMS 2.0 6.2.12].
   */
  close(): Promise<void> {
    if (this.dispatcher.isInsideListener() && !this.closer.isClosed) {
      return Promise.reject(
        new IllegalStateException(
          "a MessageListener must not close its own session: it would wait for itself [JMS 2.0 Session.close]",
        ),
      );
    }
    return this.closer.run(async () => {
      // No further listener calls; the running one finishes first [JMS 2.0 Session.close].
      await this.dispatcher.close();
      // Settle first, while the consumers' links still exist to carry the dispositions [qpid-jms 2.12],
      // but with their credit taken back, so the broker cannot hand a failed message straight back.
      for (const consumer of this.consumers) this.provider.stopConsumer(consumer.id);
      this.acknowledger.failAll();
      const closes = await Promise.allSettled([
        ...[...this.consumers].map((c) => c.close()),
        ...[...this.browsers].map((b) => b.close()),
        ...[...this.producers].map((p) => p.close()),
      ]);
      this.owner.sessionClosed(this);
      await jmsCall(() => this.provider.destroySession(this.id));
      const failed = closes.find((result) => result.status === "rejected");
      if (failed) throw failed.reason;
    });
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /**
   * Redelivers every message this session delivered and nobody acknowledged, oldest first, with
   * JMSRedelivered set and JMSXDeliveryCount raised [JMS 2.0 6.2.11]. As in Qpid JMS this happens locally
   * (no wire traffic). From inside a listener in AUTO or DUPS_OK mode the current message comes again.
   * @throws IllegalStateException if the session is closed.
   */
  recover(): Promise<void> {
    return new Promise((resolve) => {
      this.transaction.checkRecover();
      resolve(this.acknowledger.recover());
    });
  }

  /**
   * Acknowledges every message this session delivered and nobody acknowledged yet (JMSContext's
   * acknowledge) [JMS 2.0 6.2.10]. Nothing to do in AUTO and DUPS_OK mode.
   * @throws IllegalStateException if the session is closed.
   */
  acknowledge(): Promise<void> {
    return new Promise((resolve) => resolve(this.acknowledger.acknowledgeAll()));
  }

  /** @internal DeliverySink: the message receive() hands to the application. */
  deliver(delivery: InboundDelivery): Promise<Message> {
    return Promise.resolve(this.acknowledger.forReceive(delivery));
  }

  /** @internal ConsumerHost. */
  deliverToListener(delivery: InboundDelivery): Message {
    return this.acknowledger.forListener(delivery);
  }

  /** @internal ConsumerHost [JMS 2.0 8.7]. */
  listenerDone(consumer: MessageConsumer, delivery: InboundDelivery, failure?: { error: unknown }): void {
    this.acknowledger.listenerDone(consumer, delivery, failure);
  }

  /** @internal ConsumerHost: credit and redelivery for a consumer of `destination` [qpid-jms 2.13]. */
  policyFor(destination: Destination): ConsumerPolicy {
    const jms = this.owner.options?.jms;
    const redelivery = jms?.redeliveryPolicy ?? {
      maxRedeliveries: -1,
      outcome: "MODIFIED_FAILED_UNDELIVERABLE",
    };
    return {
      prefetch: this.prefetchFor(destination),
      redelivery,
      receiveLocalOnly: jms?.receiveLocalOnly ?? false,
      receiveNoWaitLocalOnly: jms?.receiveNoWaitLocalOnly ?? false,
    };
  }

  /** jms.prefetchPolicy by consumer kind; a connection built without options uses its one prefetch. */
  private prefetchFor(destination: Destination, browse = false): number {
    const policy = this.owner.options?.jms.prefetchPolicy;
    if (!policy) return this.owner.prefetch;
    if (browse) return policy.queueBrowserPrefetch;
    return destination.kind === "topic" ? policy.topicPrefetch : policy.queuePrefetch;
  }

  /** jms.presettlePolicy: whether a consumer of `destination` has the broker send settled [qpid-jms 2.12]. */
  private presettledFor(destination: Destination): boolean {
    const p = this.owner.options?.jms.presettlePolicy;
    if (!p) return false;
    if (p.presettleAll || p.presettleConsumers) return true;
    return destination.kind === "topic" ? p.presettleTopicConsumers : p.presettleQueueConsumers;
  }

  /** @internal ConsumerHost: a session with a listener delivers asynchronously only [JMS 2.0 4.4.14]. */
  checkSynchronousReceive(): void {
    if ([...this.consumers].some((c) => c.hasMessageListener())) {
      throw new IllegalStateException(
        "cannot receive: a consumer of this session has a MessageListener; a session delivers either to listeners or to receive() [JMS 2.0 4.4.14]",
      );
    }
  }

  /** @internal The connection stops or closes: resolves once no listener of this session runs. */
  whenListenersIdle(): Promise<void> {
    return this.dispatcher.whenIdle();
  }

  /** @internal DeliverySink. */
  consumerClosed(consumer: MessageConsumer): void {
    this.consumers.delete(consumer);
    this.owner.unregisterConsumer(consumer);
    this.subscriptionSession.tracker.release(consumer.id);
  }

  /** The selector to send: jms.validateSelector (default true) parses it first. */
  private selectorOf(messageSelector: string | null | undefined): string | undefined {
    return checkSelector(messageSelector, this.owner.options?.jms.validateSelector ?? true);
  }

  private subscriptionView(): SubscriptionSession {
    const tracker = this.owner.subscriptions ?? new SubscriptionTracker();
    return {
      checkOpen: (action) => this.closer.check(action),
      tracker,
      hasExplicitClientID: () => this.owner.hasExplicitClientID?.() ?? false,
      selectorOf: (selector) => this.selectorOf(selector),
      prefetchFor: (durable) => {
        const policy = this.owner.options?.jms.prefetchPolicy;
        if (!policy) return this.owner.prefetch;
        return durable ? policy.durableTopicPrefetch : policy.topicPrefetch;
      },
      nextConsumerId: () => this.childIds.nextId(),
      openConsumer: (topic, id, extras) => this.openConsumer(topic, id, extras),
      unsubscribe: (name, global) => this.provider.unsubscribe(name, global),
    };
  }

  /** @internal The connection closed under this session; `why` is what later calls are told. */
  markClosed(why: string, cause?: unknown): void {
    this.closer.markClosed(why, cause);
    this.transaction.connectionLost(cause);
    void this.dispatcher.close();
    this.consumers.forEach((c) => c.markClosed(why, cause));
    this.browsers.forEach((b) => b.markClosed(why, cause));
    this.producers.forEach((p) => p.markClosed(why, cause));
  }

  /** @internal The broker closed one of this session's producers or consumers. */
  remoteClosed(kind: "consumer" | "producer", id: string, cause: Error): void {
    const why = `the broker closed it: ${cause.message}`;
    if (kind === "consumer") {
      const browser = [...this.browsers].find((b) => b.id === id);
      browser?.markClosed(why, cause);
      if (browser) this.browserClosed(browser);
      const consumer = [...this.consumers].find((c) => c.id === id);
      if (!consumer) return;
      consumer.markClosed(why, cause);
      this.consumerClosed(consumer);
    } else {
      const producer = [...this.producers].find((p) => p.id === id);
      producer?.markClosed(why, cause);
      if (producer) this.producers.delete(producer);
    }
  }

  /** @internal Connection start and stop. */
  setRunning(running: boolean): void {
    this.consumers.forEach((c) => c.setRunning(running));
  }
}

/** Maps JMS's createSession arguments to an acknowledge mode [JMS 2.0 6.2.7]. */
export function toAcknowledgeMode(transacted: boolean, mode: number): AcknowledgeMode {
  // JMS 1.1's createSession(true, anything) is transacted; the mode is then ignored [JMS 2.0 6.2.7].
  if (transacted || mode === Session.SESSION_TRANSACTED) return Session.SESSION_TRANSACTED;
  if (mode !== 1 && mode !== 2 && mode !== 3 && mode !== 101) {
    throw new JMSException(
      `unknown acknowledge mode ${mode}; use Session.SESSION_TRANSACTED, AUTO_ACKNOWLEDGE, CLIENT_ACKNOWLEDGE, DUPS_OK_ACKNOWLEDGE or INDIVIDUAL_ACKNOWLEDGE`,
    );
  }
  return mode;
}
