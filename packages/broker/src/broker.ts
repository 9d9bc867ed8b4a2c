import { AddressResolver } from "./addressing/address-resolver";
import type { BrokerContext } from "./handlers/broker-context";
import { type BrokerLogger, silentLogger } from "./logger";
import { LinkRegistry } from "./handlers/link-registry";
import { QueueRegistry } from "./queues/queue-registry";
import { TopicRegistry } from "./routing/topic-registry";
import { AmqpServer } from "./transport/amqp-server";
import type { BrokerTlsOptions } from "./transport/tls-options";
import { BROKER_VERSION } from "./version";

export interface BrokerOptions {
  /** Interface to listen on. Default `127.0.0.1`: the embedded broker is private unless asked otherwise. */
  host?: string;
  /** TCP port; 0 picks a free one (read it back from `broker.port`). Default 5672. */
  port?: number;
  /** Where the broker reports connections, refusals and errors. Default: silent. */
  logger?: BrokerLogger;
  /** The AMQP container-id the broker announces. Default `jms-ts-broker`. */
  containerId?: string;
  /**
   * name → password. With users, clients must authenticate with SCRAM-SHA-512/256/1 or PLAIN; the
   * broker keeps only salted SCRAM keys. Without, SASL ANONYMOUS (docs/decisions/0009).
   */
  users?: Record<string, string>;
  /** Offer ANONYMOUS even though `users` are configured. Default false. */
  allowAnonymous?: boolean;
  /** Also listen with TLS (PEM contents); a verified client certificate may authenticate with EXTERNAL. */
  tls?: BrokerTlsOptions;
  /** Also listen for AMQP over WebSocket (`amqpws://`); port default 5673, 0 picks a free one. Needs `ws`. */
  ws?: { port?: number };
  /**
   * The largest message, in encoded bytes, a producer may send; advertised as max-message-size on every
   * producer link [AMQP 2.7.3], and a larger one is rejected with amqp:link:message-size-exceeded.
   * Default 100 MiB (Broker-J's and Artemis's order of magnitude).
   */
  maxMessageSize?: number;
}

/** The default for `BrokerOptions.maxMessageSize`: 100 MiB. */
export const DEFAULT_MAX_MESSAGE_SIZE = 100 * 1024 * 1024;

/** A snapshot of one queue, for tests, tools and monitoring. */
export interface QueueStats {
  name: string;
  /** Messages waiting for a consumer. */
  depth: number;
  /** Messages delivered to a consumer and not yet settled. */
  unsettled: number;
  /** Consumer links, browsers included. */
  consumers: number;
}

/** A snapshot of one topic. */
export interface TopicStats {
  name: string;
  /** Current subscriptions, one per subscribed link. */
  subscribers: number;
}

/** A running broker. */
export interface Broker extends AsyncDisposable {
  readonly host: string;
  readonly port: number;
  /** The TLS port, when `tls` was given. */
  readonly tlsPort: number | undefined;
  /** `amqps://HOST:PORT` of the TLS listener, when `tls` was given. */
  readonly tlsUrl: string | undefined;
  /** `amqpws://HOST:PORT` of the WebSocket listener, when `ws` was given. */
  readonly wsUrl: string | undefined;
  /** `amqp://HOST:PORT`, ready for a ConnectionFactory. */
  readonly url: string;
  /** Open client connections. */
  readonly connectionCount: number;
  queueStats(name: string): QueueStats | undefined;
  queueNames(): string[];
  /** A snapshot of one topic (temporary ones included), or undefined when there is no such topic. */
  topicStats(name: string): TopicStats | undefined;
  topicNames(): string[];
  /** Closes every client connection (amqp:connection:forced) and stops listening. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts a broker and resolves once it accepts connections.
 * @throws Error with one clear line when it cannot listen (port in use, permission denied, bad address).
 */
export async function createBroker(options: BrokerOptions = {}): Promise<Broker> {
  const host = options.host ?? "127.0.0.1";
  const queues = new QueueRegistry();
  const topics = new TopicRegistry();
  const context: BrokerContext = {
    resolver: new AddressResolver(queues, topics),
    logger: options.logger ?? silentLogger,
    consumers: new WeakMap(),
    producers: new WeakMap(),
    links: new LinkRegistry(),
    maxMessageSize: checkMaxMessageSize(options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE),
  };
  const server = await AmqpServer.start(context, {
    host,
    port: options.port ?? 5672,
    containerId: options.containerId ?? "jms-ts-broker",
    productVersion: BROKER_VERSION,
    ...(options.users === undefined ? {} : { users: options.users }),
    ...(options.allowAnonymous === undefined ? {} : { allowAnonymous: options.allowAnonymous }),
    ...(options.tls === undefined ? {} : { tls: options.tls }),
    ...(options.ws === undefined ? {} : { ws: options.ws }),
  });
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= server.close());
  const urlHost = host.includes(":") ? `[${host}]` : host;
  return {
    host,
    port: server.port,
    url: `amqp://${urlHost}:${server.port}`,
    tlsPort: server.tlsPort,
    tlsUrl: server.tlsPort === undefined ? undefined : `amqps://${urlHost}:${server.tlsPort}`,
    wsUrl: server.wsPort === undefined ? undefined : `amqpws://${urlHost}:${server.wsPort}`,
    get connectionCount() {
      return server.connectionCount;
    },
    queueStats(name) {
      const queue = queues.get(name);
      return (
        queue && { name, depth: queue.depth, unsettled: queue.unsettled, consumers: queue.consumerCount }
      );
    },
    queueNames: () => queues.names(),
    topicStats(name) {
      const topic = topics.get(name);
      return topic && { name, subscribers: topic.subscriberCount };
    },
    topicNames: () => topics.names(),
    close,
    [Symbol.asyncDispose]: close,
  };
}

function checkMaxMessageSize(bytes: number): number {
  if (!Number.isSafeInteger(bytes) || bytes < 1) {
    throw new Error(`maxMessageSize must be a whole number of bytes >= 1, got ${bytes}`);
  }
  return bytes;
}
