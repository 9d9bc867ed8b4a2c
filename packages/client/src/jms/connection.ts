import { IllegalStateException, InvalidClientIDException } from "../errors/exceptions";
import type { JMSException } from "../errors/jms-exception";
import { jmsCall, toJMSException } from "../errors/to-jms-exception";
import type { ProviderError } from "../provider/provider-error";
import type { InboundDelivery, Provider } from "../provider/provider";
import type { ProviderListener } from "../provider/provider-listener";
import { CloseOnce } from "./close-once";
import { type ConnectionOptions, defaultConnectionOptions } from "./connection-options";
import { ConnectionMetaData } from "./connection-meta-data";
import { ChildIds } from "./id-generator";
import type { MessageConsumer } from "./message-consumer";
import { Session, toAcknowledgeMode, type SessionOwner } from "./session";
import { DEFAULT_SEND_POLICY, type SendPolicy } from "./send-policy";
import { TemporaryDestinations } from "./temporary-destinations";
import { SubscriptionTracker } from "./subscription-tracker";

/** Receives errors that no pending call can report, such as a lost connection [JMS 2.0 6.1.8]. */
export type ExceptionListener = (exception: JMSException) => void;

/**
 * An open connection to a broker [JMS 2.0 6.1]. It starts stopped: consumers receive nothing until
 * `start()`. Create one with `ConnectionFactory.createConnection()`.
 */
export class Connection implements AsyncDisposable, SessionOwner, ProviderListener {
  private readonly sessionIds: ChildIds;
  private readonly sessions = new Set<Session>();
  private readonly consumers = new Map<string, MessageConsumer>();
  private started = false;
  private exceptionListener: ExceptionListener | undefined;
  private readonly closer = new CloseOnce("connection");
  /** @internal SessionOwner: the temporary queues and topics this connection created. */
  temporaries: TemporaryDestinations;
  /** Reopens the provider under another ClientID while `setClientID` is still allowed [JMS 2.0 6.1.2]. */
  private reopen: ((clientId: string) => Promise<Provider>) | undefined;
  /** @internal SessionOwner: the durable and shared subscriptions this connection's consumers use. */
  readonly subscriptions = new SubscriptionTracker();
  /** The application chose the ClientID (jms.clientID or setClientID); a generated one equals the connection id. */
  private explicitClientId: boolean;

  /** @internal Created by `ConnectionFactory.createConnection`. */
  constructor(
    private provider: Provider,
    readonly id: string,
    private clientId: string,
    readonly prefetch: number,
    /** Everything the connection URI said (jms/connection-options.ts): consumers and producers read their policies here. */
    readonly options: ConnectionOptions = defaultConnectionOptions(),
  ) {
    this.sessionIds = new ChildIds(id);
    this.explicitClientId = clientId !== id;
    this.temporaries = this.temporariesOf(provider);
    provider.setListener(this);
  }

  getClientID(): string {
    return this.clientId;
  }

  /**
   * Sets the ClientID [JMS 2.0 6.1.2], which durable subscriptions and the broker's one-connection-per-ID
   * rule key on. Allowed once, right after the connection was created and before any other use; the
   * connection to the broker is then reopened under the new ID (the AMQP container-id is sent on open).
   * @throws InvalidClientIDException for an empty ID or one the broker refuses (already in use).
   * @throws IllegalStateException when `jms.clientID` in the URI fixed it, or the connection was used.
   */
  async setClientID(clientId: string): Promise<void> {
    this.closer.check("set the ClientID");
    const reopen = this.reopen;
    if (!reopen) {
      throw new IllegalStateException(
        "the ClientID can no longer be set: it was fixed by jms.clientID in the URI, set already, " +
          "or the connection has been used (JMS allows setClientID only before anything else)",
      );
    }
    if (typeof clientId !== "string" || clientId.length === 0) {
      throw new InvalidClientIDException("a ClientID must be a non-empty string");
    }
    this.reopen = undefined;
    const previous = this.provider;
    let replacement: Provider;
    try {
      replacement = await reopen(clientId);
    } catch (error) {
      this.reopen = reopen;
      throw error;
    }
    this.provider = replacement;
    this.clientId = clientId;
    this.explicitClientId = true;
    this.temporaries = this.temporariesOf(replacement);
    replacement.setListener(this);
    await previous.close().catch(() => undefined);
  }

  /** @internal The factory lets `setClientID` reopen the connection until its first use. */
  allowClientIdChange(reopen: (clientId: string) => Promise<Provider>): void {
    this.reopen = reopen;
  }

  /** The JMS version and provider this connection runs [JMS 2.0 6.1.7]. */
  getMetaData(): ConnectionMetaData {
    this.closer.check();
    return new ConnectionMetaData();
  }

  getExceptionListener(): ExceptionListener | undefined {
    return this.exceptionListener;
  }

  setExceptionListener(listener: ExceptionListener | undefined): void {
    this.exceptionListener = listener;
  }

  /** Starts (or resumes) delivery to consumers [JMS 2.0 6.1.5]. */
  start(): Promise<void> {
    return settleNow(() => {
      this.closer.check();
      this.reopen = undefined;
      this.setRunning(true);
    });
  }

  /**
   * Pauses delivery: receive() waits until `start()`; sends still work. Resolves once running message
   * listeners have returned [JMS 2.0 6.1.5].
   * @throws IllegalStateException if closed, or when called from this connection's own MessageListener.
   */
  async stop(): Promise<void> {
    this.closer.check();
    this.reopen = undefined;
    const refused = this.insideListenerError("stop");
    if (refused) throw refused;
    this.setRunning(false);
    await Promise.all([...this.sessions].map((s) => s.whenListenersIdle()));
  }

  /**
   * Creates a session, with JMS 1.1's `(transacted, acknowledgeMode)` or JMS 2.0's `(sessionMode)`
   * [JMS 2.0 6.1.6]. `transacted` true or Session.SESSION_TRANSACTED gives a transacted session (commit and
   * rollback [JMS 2.0 6.2.7]); otherwise the mode is Session.AUTO_ACKNOWLEDGE (default), CLIENT_ACKNOWLEDGE,
   * DUPS_OK_ACKNOWLEDGE or INDIVIDUAL_ACKNOWLEDGE.
   * @throws JMSException for an unsupported mode; IllegalStateException if the connection is closed.
   */
  async createSession(
    transactedOrMode: boolean | number = false,
    acknowledgeMode: number = Session.AUTO_ACKNOWLEDGE,
  ): Promise<Session> {
    this.closer.check("create a session");
    this.reopen = undefined;
    const mode =
      typeof transactedOrMode === "number"
        ? toAcknowledgeMode(false, transactedOrMode)
        : toAcknowledgeMode(transactedOrMode, acknowledgeMode);
    const session = new Session(this.provider, this.sessionIds.nextId(), mode, this);
    const transacted = mode === Session.SESSION_TRANSACTED;
    await jmsCall(() => this.provider.createSession(session.id, transacted ? { transacted } : {}));
    this.sessions.add(session);
    return session;
  }

  /**
   * Closes every session and the connection, after running message listeners have returned [JMS 2.0 6.1.8].
   * Idempotent; concurrent callers share one promise.
   * @throws IllegalStateException when called from this connection's own MessageListener.
   */
  close(): Promise<void> {
    const refused = this.closer.isClosed ? undefined : this.insideListenerError("close");
    if (refused) return Promise.reject(refused);
    return this.closer.run(async () => {
      this.setRunning(false);
      await Promise.allSettled([...this.sessions].map((s) => s.close()));
      await this.temporaries.deleteAll();
      await jmsCall(() => this.provider.close());
    });
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  private temporariesOf(provider: Provider): TemporaryDestinations {
    return new TemporaryDestinations(provider, this.id, (address) =>
      [...this.consumers.values()].some((c) => c.getDestination().address === address),
    );
  }

  /** @internal SessionOwner: unshared durable subscriptions need a ClientID the application chose. */
  hasExplicitClientID(): boolean {
    return this.explicitClientId;
  }
  /** @internal SessionOwner. */
  isStarted(): boolean {
    return this.started;
  }
  /** @internal SessionOwner. */
  registerConsumer(consumer: MessageConsumer): void {
    this.consumers.set(consumer.id, consumer);
  }
  /** @internal SessionOwner. */
  unregisterConsumer(consumer: MessageConsumer): void {
    this.consumers.delete(consumer.id);
  }
  /** @internal SessionOwner. */
  sessionClosed(session: Session): void {
    this.sessions.delete(session);
  }
  /** @internal SessionOwner: the jms.* send options; set by the factory from the URI. */
  sendPolicy: SendPolicy = DEFAULT_SEND_POLICY;
  /** @internal SessionOwner. */
  reportAsyncFailure(exception: JMSException): void {
    this.report(exception);
  }
  /** @internal SessionOwner: a MessageListener threw or rejected [JMS 2.0 8.7]. */
  reportListenerFailure(error: unknown): void {
    this.report(error);
  }

  /** A listener waiting for its own connection's stop or close would wait for itself [JMS 2.0 6.1.5, 6.1.8]. */
  private insideListenerError(action: "stop" | "close"): IllegalStateException | undefined {
    if (![...this.sessions].some((s) => s.dispatcher.isInsideListener())) return undefined;
    return new IllegalStateException(
      `a MessageListener must not ${action} its own connection: it would wait for itself`,
    );
  }

  /** @internal ProviderListener. */
  onInboundMessage(delivery: InboundDelivery): void {
    const consumer = this.consumers.get(delivery.consumerId);
    if (consumer) consumer.onDelivery(delivery);
    else this.provider.acknowledge(delivery, "released");
  }

  /** @internal ProviderListener: everything on the connection is gone. */
  onConnectionFailure(error: ProviderError): void {
    if (this.closer.isClosed) return;
    const why = `the connection failed: ${error.message}`;
    void this.closer.run(() => this.provider.close().catch(() => undefined), why, error);
    this.sessions.forEach((s) => s.markClosed(why, error));
    this.report(error);
  }

  /** @internal ProviderListener. */
  onRemoteClose(kind: "consumer" | "producer", id: string, error: ProviderError): void {
    this.sessions.forEach((session) => session.remoteClosed(kind, id, error));
    this.report(error);
  }

  private report(error: unknown): void {
    const exception = toJMSException(error);
    if (!this.exceptionListener) return;
    try {
      this.exceptionListener(exception);
    } catch {
      // A throwing listener must not take the connection's event handling down with it.
    }
  }

  private setRunning(running: boolean): void {
    if (running && this.closer.isClosed) throw new IllegalStateException("the connection is closed");
    this.started = running;
    this.sessions.forEach((s) => s.setRunning(running));
  }
}

/** Runs synchronous work behind a promise, so a failure is a rejection, never a throw (CONVENTIONS 12). */
function settleNow(work: () => void): Promise<void> {
  return new Promise((resolve) => {
    work();
    resolve();
  });
}
