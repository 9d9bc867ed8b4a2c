import type { Destination } from "../jms/destinations";
import type { MessageFacade, MessageFacadeFactory } from "../message/message-facade";
import type { ProviderListener } from "./provider-listener";

export interface ConnectionInfo {
  /** The JMS ClientID; the AMQP provider sends it as container-id. */
  clientId: string;
  username?: string;
  password?: string;
}

export interface ProducerInfo {
  id: string;
  sessionId: string;
  /** null for an anonymous producer: each send names its destination (docs/decisions/0011). */
  destination: Destination | null;
  /** Sends go settled (snd-settle-mode settled): fire and forget [qpid-jms 2.12 presettle policy]. */
  presettle?: boolean;
  /** Bytes of written-but-unsettled sends the producer allows before further sends wait (0011). */
  windowBytes?: number;
}

export interface ConsumerInfo {
  id: string;
  sessionId: string;
  destination: Destination;
  /** How many messages the broker may push ahead of the application. */
  prefetch: number;
  /** The broker sends the messages settled: nothing to acknowledge (jms.presettlePolicy). */
  presettle?: boolean;
  /** Topic subscribers: skip messages published by this connection [JMS 2.0 Session.createConsumer]. */
  noLocal?: boolean;
  /** A QueueBrowser: messages are copied to it, never consumed (distribution-mode copy). */
  browse?: boolean;
  /** The JMS message selector the broker filters with; absent for none [JMS 2.0 3.8]. */
  selector?: string;
  /** A durable or shared topic subscription this consumer opens or joins [JMS 2.0 8.3]. */
  subscription?: SubscriptionInfo;
}

/** A named topic subscription [JMS 2.0 8.3] as a consumer asks for it; see jms/subscription-tracker.ts. */
export interface SubscriptionInfo {
  name: string;
  /** Outlives its consumers until unsubscribed. */
  durable: boolean;
  /** Several consumers share its messages. */
  shared: boolean;
  /** No ClientID was set on the connection: a shared subscription is not scoped by it [qpid-jms 2.7]. */
  global: boolean;
  /** 1-based number of this consumer among those the connection opened on the subscription. */
  ordinal: number;
}

/** A temporary queue or topic to create as a dynamic node [qpid-jms 2.9]. */
export interface TemporaryDestinationInfo {
  id: string;
  kind: "queue" | "topic";
}

/** How to create a session. */
export interface SessionOptions {
  /** A JMS transacted session: its sends and acks join a local transaction [JMS 2.0 6.2.7; qpid-jms 2.10]. */
  transacted?: boolean;
}

/** Per-send values the provider needs besides the message itself. */
export interface SendOptions {
  /** 0 for no expiry. */
  timeToLiveMs: number;
  /** Where an anonymous producer's message goes; ignored by a producer with a fixed destination. */
  destination?: Destination;
  /** > 0 when the message carries a delivery time: the broker must offer delayed delivery. */
  deliveryDelayMs?: number;
  /** Give up after this many ms (waiting for credit or window included); 0 or absent waits forever. */
  timeoutMs?: number;
  /** Called once the message is handed to the transport (past credit and the byte window). */
  onWritten?: () => void;
}

/** A message that arrived for a consumer; `token` is the provider's handle for settling it. */
export interface InboundDelivery {
  readonly consumerId: string;
  readonly facade: MessageFacade;
  readonly token: unknown;
  /** The encoded size: what the provider counts against a consumer's byte window (jms.consumerWindowBytes). */
  readonly sizeBytes: number;
  /**
   * Set by the consumer on arrival: the session-wide arrival number its dispatcher orders listeners by.
   * A field rather than a side table, so a message costs no WeakMap entry. Providers create it as 0.
   */
  arrival: number;
}

/**
 * How the application settled a message [AMQP 3.4]: taken, given back untouched, failed (modified
 * delivery-failed: redelivered with its count raised), undeliverable (modified delivery-failed and
 * undeliverable-here: expired locally or past maxRedeliveries [qpid-jms 2.12]) or rejected.
 */
export type AckOutcome = "accepted" | "released" | "failed" | "undeliverable" | "rejected";

/**
 * What the JMS layer needs from a messaging protocol. Only `provider/amqp` implements it today; a
 * failover provider will wrap it. Every method rejects with a ProviderError.
 */
export interface Provider extends MessageFacadeFactory {
  setListener(listener: ProviderListener): void;
  connect(info: ConnectionInfo): Promise<void>;
  /** A transacted session also has its first transaction declared before this resolves. */
  createSession(sessionId: string, options?: SessionOptions): Promise<void>;
  /**
   * Commits the transacted session's transaction and starts the next. Rejects with kind
   * `transaction-rolled-back` when the broker rolled it back instead (or the connection was lost before),
   * `transaction-in-doubt` when the connection was lost while the commit was outstanding.
   */
  commit(sessionId: string): Promise<void>;
  /** Rolls the transacted session's transaction back and starts the next. */
  rollback(sessionId: string): Promise<void>;
  destroySession(sessionId: string): Promise<void>;
  createProducer(info: ProducerInfo): Promise<void>;
  destroyProducer(producerId: string): Promise<void>;
  /** Attaches a consumer; it receives nothing until `startConsumer`. */
  createConsumer(info: ConsumerInfo): Promise<void>;
  /** Grants the consumer its prefetch credit. */
  startConsumer(consumerId: string): void;
  /** Takes back the consumer's unused credit before it closes: the broker sends it nothing more. */
  stopConsumer(consumerId: string): void;
  destroyConsumer(consumerId: string): Promise<void>;
  /**
   * Resolves once the broker has accepted the message (at once when presettled); rejects with the outcome.
   * `options.onWritten` tells an asynchronous sender when the send left the producer's queue.
   */
  send(producerId: string, facade: MessageFacade, options: SendOptions): Promise<void>;
  /** The application took a message out of the prefetch buffer: the provider may top up credit. */
  messageDelivered(delivery: InboundDelivery): void;
  acknowledge(delivery: InboundDelivery, outcome: AckOutcome): void;
  /** Creates a dynamic node that lives until deleted or the connection closes; resolves its address. */
  createTemporaryDestination(info: TemporaryDestinationInfo): Promise<string>;
  deleteTemporaryDestination(id: string): Promise<void>;
  /**
   * Resolves once the broker has sent the consumer everything it has: the browser's end of enumeration
   * (a drain that completes) [AMQP 2.6.7].
   */
  drainConsumer(consumerId: string): Promise<void>;
  /**
   * Asks for messages instead of waiting for them to be pushed [qpid-jms 2.13]. `timeoutMs` < 0: make sure
   * a prefetch-0 consumer has one credit out and resolve at once; 0: drain now (one credit first for a
   * prefetch-0 consumer); > 0: one credit for a prefetch-0 consumer, drain after `timeoutMs` unless a
   * message came. Resolves once the drain is answered: whatever the broker had is delivered by then.
   */
  pull(consumerId: string, timeoutMs: number): Promise<void>;
  /**
   * Deletes the durable subscription `name` [JMS 2.0 8.3.2]; `global` for one created without a ClientID.
   * Rejects with an invalid-destination error when there is none.
   */
  unsubscribe(name: string, global: boolean): Promise<void>;
  /** Closes the connection; idempotent. */
  close(): Promise<void>;
}

/** Builds a provider for a connection URI; the composition root supplies the AMQP one. */
export type ProviderFactory = (uri: string) => Provider;
