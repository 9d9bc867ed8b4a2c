import { JmsConnectionFactory } from "../../src/jms/connection-factory";
import type { Connection } from "../../src/jms/connection";
import type {
  MessageFacade,
  TextMessageFacade,
  BytesMessageFacade,
  MapMessageFacade,
  StreamMessageFacade,
  ObjectMessageFacade,
} from "../../src/message/message-facade";
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
} from "../../src/provider/provider";
import { ProviderError, type ProviderErrorKind } from "../../src/provider/provider-error";
import type { ProviderListener } from "../../src/provider/provider-listener";
import {
  type MemoryFacadeInit,
  MemoryMessageFacade,
  MemoryStreamMessageFacade,
  MemoryTextMessageFacade,
  MemoryBytesMessageFacade,
  MemoryMapMessageFacade,
  MemoryObjectMessageFacade,
} from "./memory-facade";

/** The Provider methods a test can make fail. */
export type FailableCall =
  | "connect"
  | "createSession"
  | "destroySession"
  | "createProducer"
  | "destroyProducer"
  | "createConsumer"
  | "destroyConsumer"
  | "send"
  | "createTemporaryDestination"
  | "deleteTemporaryDestination"
  | "drainConsumer"
  | "unsubscribe"
  | "commit"
  | "rollback"
  | "close";

export interface SendRecord {
  producerId: string;
  facade: MessageFacade;
  options: SendOptions;
}

export interface AckRecord {
  delivery: InboundDelivery;
  outcome: AckOutcome;
}

/**
 * An in-memory Provider for facade tests (CONVENTIONS rule 19): it records every call, lets a test
 * inject deliveries and provider events through the registered listener, and fails chosen calls with a
 * ProviderError.
 */
export class MockProvider implements Provider {
  listener: ProviderListener | undefined;
  connectInfo: ConnectionInfo | undefined;
  /** Every call in order, by method name; `acknowledge` entries carry the outcome (`acknowledge:released`). */
  readonly calls: string[] = [];
  readonly sessionsCreated: string[] = [];
  readonly sessionsDestroyed: string[] = [];
  readonly producersCreated: ProducerInfo[] = [];
  readonly consumersStopped: string[] = [];
  readonly producersDestroyed: string[] = [];
  readonly consumersCreated: ConsumerInfo[] = [];
  readonly consumersStarted: string[] = [];
  readonly consumersDestroyed: string[] = [];
  readonly sends: SendRecord[] = [];
  readonly acks: AckRecord[] = [];
  readonly delivered: InboundDelivery[] = [];
  readonly temporariesCreated: TemporaryDestinationInfo[] = [];
  readonly temporariesDeleted: string[] = [];
  readonly drains: string[] = [];
  /** Sessions created transacted. */
  readonly transactedSessions: string[] = [];
  /** Every commit and rollback, in order. */
  readonly transactionCalls: { sessionId: string; call: "commit" | "rollback" }[] = [];
  /** Every unsubscribe: the subscription name and whether it was global (no ClientID). */
  readonly unsubscribes: { name: string; global: boolean }[] = [];
  /** Every pull, in order: `timeoutMs` < 0 credit only, 0 drain now, > 0 drain later (Provider.pull). */
  readonly pulls: { consumerId: string; timeoutMs: number }[] = [];
  /** Runs on each pull before it resolves: e.g. to deliver what a drain brings. */
  onPull: ((consumerId: string, timeoutMs: number) => void) | undefined;
  /** Runs when a consumer is drained, before the drain resolves: e.g. to deliver the last messages. */
  onDrain: ((consumerId: string) => void) | undefined;
  closeCount = 0;
  /** Replaces the default (immediate success) result of `send`, e.g. to hold a send pending. */
  onSend: ((record: SendRecord) => Promise<void>) | undefined;

  private readonly failures = new Map<FailableCall, ProviderError[]>();
  private nextToken = 0;

  /** The next `count` calls of `call` reject with `error` (a ProviderError, or one of that kind). */
  failNext(call: FailableCall, error: ProviderError | ProviderErrorKind, count = 1): ProviderError {
    const failure = typeof error === "string" ? new ProviderError(error, `mock ${call} failed`) : error;
    const queue = this.failures.get(call) ?? [];
    for (let i = 0; i < count; i++) queue.push(failure);
    this.failures.set(call, queue);
    return failure;
  }

  /** Injects a message for a consumer through the listener, as a provider does when one arrives. */
  deliver(consumerId: string, facade: MessageFacade = new MemoryMessageFacade()): InboundDelivery {
    const delivery: InboundDelivery = {
      consumerId,
      facade,
      token: ++this.nextToken,
      sizeBytes: 0,
      arrival: 0,
    };
    this.requireListener().onInboundMessage(delivery);
    return delivery;
  }

  deliverText(consumerId: string, text: string, init: MemoryFacadeInit = {}): InboundDelivery {
    return this.deliver(consumerId, new MemoryTextMessageFacade(text, init));
  }

  /** The connection is lost for good. */
  failConnection(
    error: ProviderError = new ProviderError("connection-failed", "mock connection lost"),
  ): void {
    this.requireListener().onConnectionFailure(error);
  }

  remoteClose(kind: "consumer" | "producer", id: string, error: ProviderError): void {
    this.requireListener().onRemoteClose(kind, id, error);
  }

  /** The outcomes acknowledged so far, in order. */
  outcomes(): AckOutcome[] {
    return this.acks.map((a) => a.outcome);
  }

  /** The outcome recorded for one delivery, or undefined. */
  outcomeOf(delivery: InboundDelivery): AckOutcome | undefined {
    return this.acks.find((a) => a.delivery === delivery)?.outcome;
  }

  // Provider

  setListener(listener: ProviderListener): void {
    this.listener = listener;
  }

  createMessageFacade(): MessageFacade {
    return new MemoryMessageFacade();
  }

  createTextMessageFacade(): TextMessageFacade {
    return new MemoryTextMessageFacade();
  }
  createBytesMessageFacade(): BytesMessageFacade {
    return new MemoryBytesMessageFacade();
  }
  createMapMessageFacade(): MapMessageFacade {
    return new MemoryMapMessageFacade();
  }
  createStreamMessageFacade(): StreamMessageFacade {
    return new MemoryStreamMessageFacade();
  }
  createObjectMessageFacade(): ObjectMessageFacade {
    return new MemoryObjectMessageFacade();
  }

  connect(info: ConnectionInfo): Promise<void> {
    return this.call("connect", () => {
      this.connectInfo = info;
    });
  }

  createSession(sessionId: string, options: SessionOptions = {}): Promise<void> {
    return this.call("createSession", () => {
      this.sessionsCreated.push(sessionId);
      if (options.transacted) this.transactedSessions.push(sessionId);
    });
  }

  commit(sessionId: string): Promise<void> {
    return this.call("commit", () => this.transactionCalls.push({ sessionId, call: "commit" }));
  }

  rollback(sessionId: string): Promise<void> {
    return this.call("rollback", () => this.transactionCalls.push({ sessionId, call: "rollback" }));
  }

  destroySession(sessionId: string): Promise<void> {
    return this.call("destroySession", () => this.sessionsDestroyed.push(sessionId));
  }

  createProducer(info: ProducerInfo): Promise<void> {
    return this.call("createProducer", () => this.producersCreated.push(info));
  }

  destroyProducer(producerId: string): Promise<void> {
    return this.call("destroyProducer", () => this.producersDestroyed.push(producerId));
  }

  createConsumer(info: ConsumerInfo): Promise<void> {
    return this.call("createConsumer", () => this.consumersCreated.push(info));
  }

  startConsumer(consumerId: string): void {
    this.calls.push("startConsumer");
    this.consumersStarted.push(consumerId);
  }

  stopConsumer(consumerId: string): void {
    this.calls.push("stopConsumer");
    this.consumersStopped.push(consumerId);
  }

  destroyConsumer(consumerId: string): Promise<void> {
    return this.call("destroyConsumer", () => this.consumersDestroyed.push(consumerId));
  }

  send(producerId: string, facade: MessageFacade, options: SendOptions): Promise<void> {
    const record = { producerId, facade, options };
    return this.call("send", () => {
      this.sends.push(record);
      options.onWritten?.();
    }).then(() => this.onSend?.(record));
  }

  messageDelivered(delivery: InboundDelivery): void {
    this.calls.push("messageDelivered");
    this.delivered.push(delivery);
  }

  acknowledge(delivery: InboundDelivery, outcome: AckOutcome): void {
    this.calls.push(`acknowledge:${outcome}`);
    this.acks.push({ delivery, outcome });
  }

  createTemporaryDestination(info: TemporaryDestinationInfo): Promise<string> {
    return this.call("createTemporaryDestination", () => this.temporariesCreated.push(info)).then(
      () => `mock-temp-${info.kind}-${info.id}`,
    );
  }

  deleteTemporaryDestination(id: string): Promise<void> {
    return this.call("deleteTemporaryDestination", () => this.temporariesDeleted.push(id));
  }

  unsubscribe(name: string, global: boolean): Promise<void> {
    return this.call("unsubscribe", () => this.unsubscribes.push({ name, global }));
  }

  drainConsumer(consumerId: string): Promise<void> {
    return this.call("drainConsumer", () => {
      this.drains.push(consumerId);
      this.onDrain?.(consumerId);
    });
  }

  pull(consumerId: string, timeoutMs: number): Promise<void> {
    this.calls.push(`pull:${timeoutMs < 0 ? "credit" : timeoutMs === 0 ? "drain" : "timed"}`);
    this.pulls.push({ consumerId, timeoutMs });
    this.onPull?.(consumerId, timeoutMs);
    return Promise.resolve();
  }

  close(): Promise<void> {
    return this.call("close", () => this.closeCount++);
  }

  private call(name: FailableCall, record: () => unknown): Promise<void> {
    this.calls.push(name);
    const failure = this.failures.get(name)?.shift();
    if (failure) return Promise.reject(failure);
    record();
    return Promise.resolve();
  }

  private requireListener(): ProviderListener {
    if (!this.listener) throw new Error("no connection has registered a listener on this MockProvider");
    return this.listener;
  }
}

export const MOCK_URI = "amqp://mock.invalid:5672";

/** A connection over a fresh MockProvider, built the way applications build one. */
export async function connectMock(
  uri: string = MOCK_URI,
  credentials: { username?: string; password?: string } = {},
): Promise<{ provider: MockProvider; connection: Connection; factory: JmsConnectionFactory }> {
  const provider = new MockProvider();
  const factory = new JmsConnectionFactory(uri, () => provider);
  const connection = await factory.createConnection(credentials.username, credentials.password);
  return { provider, connection, factory };
}

/**
 * Whether a promise has settled once every queued microtask has run: lets a test show that something is
 * still pending (one macrotask turn, not a timed sleep).
 */
export async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await new Promise<void>((resolve) => setImmediate(resolve));
  return settled;
}
