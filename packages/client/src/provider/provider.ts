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
  destination: Destination;
}

export interface ConsumerInfo {
  id: string;
  sessionId: string;
  destination: Destination;
  /** How many messages the broker may push ahead of the application. */
  prefetch: number;
}

/** Per-send values the provider needs besides the message itself. */
export interface SendOptions {
  /** 0 for no expiry. */
  timeToLiveMs: number;
}

/** A message that arrived for a consumer; `token` is the provider's handle for settling it. */
export interface InboundDelivery {
  readonly consumerId: string;
  readonly facade: MessageFacade;
  readonly token: unknown;
}

/** How the application settled a message [AMQP 3.4]: taken, given back untouched, or failed. */
export type AckOutcome = "accepted" | "released" | "failed";

/**
 * What the JMS layer needs from a messaging protocol. Only `provider/amqp` implements it today; a
 * failover provider will wrap it. Every method rejects with a ProviderError.
 */
export interface Provider extends MessageFacadeFactory {
  setListener(listener: ProviderListener): void;
  connect(info: ConnectionInfo): Promise<void>;
  createSession(sessionId: string): Promise<void>;
  destroySession(sessionId: string): Promise<void>;
  createProducer(info: ProducerInfo): Promise<void>;
  destroyProducer(producerId: string): Promise<void>;
  /** Attaches a consumer; it receives nothing until `startConsumer`. */
  createConsumer(info: ConsumerInfo): Promise<void>;
  /** Grants the consumer its prefetch credit. */
  startConsumer(consumerId: string): void;
  destroyConsumer(consumerId: string): Promise<void>;
  /** Resolves once the broker has accepted the message. */
  send(producerId: string, facade: MessageFacade, options: SendOptions): Promise<void>;
  /** The application took a message out of the prefetch buffer: the provider may top up credit. */
  messageDelivered(delivery: InboundDelivery): void;
  acknowledge(delivery: InboundDelivery, outcome: AckOutcome): void;
  /** Closes the connection; idempotent. */
  close(): Promise<void>;
}

/** Builds a provider for a connection URI; the composition root supplies the AMQP one. */
export type ProviderFactory = (uri: string) => Provider;
