import { AddressResolver } from "./addressing/address-resolver";
import { definedOnly } from "./defined-only";
import {
  type BindingInfo,
  bindingsOf,
  type ExchangeStats,
  exchangeStatsOf,
  type QueueStats,
  queueStatsOf,
} from "./broker-stats";
import type { BrokerConfig } from "./config/broker-config";
import type { BrokerContext, ConnectionLimits } from "./handlers/broker-context";
import { LinkRegistry } from "./handlers/link-registry";
import { type BrokerLogger, silentLogger } from "./logger";
import { type Clock, systemClock } from "./queues/clock";
import type { QueueOptions } from "./queues/queue-options";
import { DEFAULT_AUTO_CREATION_POLICIES } from "./routing/auto-creation-policy";
import type { BindingOptions, ExchangeOptions } from "./routing/exchange-options";
import { VirtualHost } from "./routing/virtual-host";
import { AccessControl } from "./security/access-control";
import { FileMessageStore } from "./store/file-message-store";
import type { MessageStore } from "./store/message-store";
import { type OpenedPersistence, openPersistence } from "./store/open-persistence";
import { AmqpServer } from "./transport/amqp-server";
import type { ConnectionInfo } from "./transport/connection-stats";
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
   * Queues, exchanges, bindings, users, access rules, auto-creation policies and limits, as in a config
   * file (docs/broker/configuration.md; `loadBrokerConfig` reads and checks one). The options below win
   * over the config's where both say something.
   */
  config?: BrokerConfig;
  /**
   * name → password. With users, clients must authenticate with SCRAM-SHA-512/256/1 or PLAIN; the
   * broker keeps only salted SCRAM keys. Without, SASL ANONYMOUS (docs/decisions/0009).
   */
  users?: Record<string, string>;
  /** Offer ANONYMOUS even though users are configured. Default false. */
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
  /** Time and timers (expiry, delayed delivery, rates); tests inject a fake one. */
  clock?: Clock;
  /**
   * Where durable entities and persistent messages are kept (docs/broker/persistence.md); the directory is
   * created if missing and locked while the broker runs. Without it everything is kept in memory only.
   */
  dataDir?: string;
  /**
   * A store of your own instead of `dataDir` (not both): any MessageStore, such as a FileMessageStore with
   * other segment sizes or, in tests, a MemoryMessageStore whose volume survives a "restart".
   */
  store?: MessageStore;
  /**
   * With `dataDir`: bytes of message content kept in memory; beyond it queues keep new messages on disk
   * only and read them back as consumers catch up (paging). Default 64 MiB.
   */
  memoryLimitBytes?: number;
  /**
   * With `dataDir`: one fsync covers every write that arrived while the previous one ran (group commit).
   * false syncs each write on its own: only for measuring what group commit buys. Default true.
   */
  groupCommit?: boolean;
}

/** The default for `BrokerOptions.memoryLimitBytes`: 64 MiB. */
export const DEFAULT_MEMORY_LIMIT_BYTES = 64 * 1024 * 1024;

/** The default for `BrokerOptions.maxMessageSize`: 100 MiB. */
export const DEFAULT_MAX_MESSAGE_SIZE = 100 * 1024 * 1024;

/**
 * What every queue gets unless its declaration or `queueDefaults` say otherwise: at most 64 MiB of waiting
 * messages, then producer flow control, so a producer faster than its consumers cannot exhaust memory.
 */
export const DEFAULT_QUEUE_OPTIONS: Readonly<QueueOptions> = {
  maxBytes: 64 * 1024 * 1024,
  overflow: "producer-flow-control",
};

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
  /** Each open connection: container-id, user, address, sessions, links, messages in and out. */
  connections(): ConnectionInfo[];
  /**
   * Declares a queue, or leaves an existing one with the same options as it is.
   * @throws DeclarationError when it exists with other options.
   */
  declareQueue(name: string, options?: QueueOptions): void;
  /** Deletes a queue, its bindings and its messages; false when there was no such queue. */
  deleteQueue(name: string): boolean;
  /**
   * Declares an exchange, or leaves an existing one with the same options as it is.
   * @throws DeclarationError when it exists otherwise or the name starts with `amq.`.
   */
  declareExchange(name: string, options: ExchangeOptions): void;
  /**
   * Deletes an exchange and its bindings; false when there was none.
   * @throws DeclarationError for the predeclared `amq.*` exchanges.
   */
  deleteExchange(name: string): boolean;
  /** Binds a queue to an exchange. @throws DeclarationError when either does not exist. */
  bind(binding: BindingOptions): void;
  /** Removes a binding; false when there was none. @throws DeclarationError when either end does not exist. */
  unbind(binding: BindingOptions): boolean;
  queueStats(name: string): QueueStats | undefined;
  queueNames(): string[];
  exchangeStats(name: string): ExchangeStats | undefined;
  exchangeNames(): string[];
  /** The bindings of one exchange, or of all. */
  bindings(exchange?: string): BindingInfo[];
  /** Closes every client connection (amqp:connection:forced) and stops listening. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts a broker and resolves once it accepts connections.
 * @throws Error with one clear line when it cannot listen (port in use, permission denied, bad address),
 *   or DeclarationError when the config's declarations contradict each other.
 */
export async function createBroker(options: BrokerOptions = {}): Promise<Broker> {
  const config = options.config ?? {};
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  if (options.dataDir !== undefined && options.store !== undefined) {
    throw new Error("give a broker dataDir or store, not both");
  }
  const store =
    options.store ??
    (options.dataDir === undefined
      ? undefined
      : new FileMessageStore({ directory: options.dataDir, groupCommit: options.groupCommit ?? true }));
  const opened =
    store &&
    (await openPersistence({
      store,
      memoryLimitBytes: checkMemoryLimit(options.memoryLimitBytes ?? DEFAULT_MEMORY_LIMIT_BYTES),
      logger,
      clock,
    }));
  try {
    return await startBroker(options, config, clock, logger, opened);
  } catch (error) {
    await opened?.persistence.close();
    throw error;
  }
}

async function startBroker(
  options: BrokerOptions,
  config: BrokerConfig,
  clock: Clock,
  logger: BrokerLogger,
  opened: OpenedPersistence | undefined,
): Promise<Broker> {
  const host = options.host ?? "127.0.0.1";
  const limits = config.limits ?? {};
  const persistence = opened?.persistence;
  const vhost = new VirtualHost({
    clock,
    queueDefaults: { ...DEFAULT_QUEUE_OPTIONS, ...config.queueDefaults },
    onDrop: (queue, reason) => logger.info(`queue "${queue}" dropped a message: ${reason}`),
    ...(persistence && { persistence }),
  });
  if (opened) opened.persistence.recover(vhost, opened.recovered, () => declareAll(vhost, config));
  else declareAll(vhost, config);
  const context: BrokerContext = {
    host: vhost,
    resolver: new AddressResolver(vhost, config.nodeAutoCreationPolicies ?? DEFAULT_AUTO_CREATION_POLICIES),
    access: new AccessControl(config.acl),
    clock,
    logger,
    consumers: new WeakMap(),
    producers: new WeakMap(),
    connections: new Map(),
    links: new LinkRegistry(),
    maxMessageSize: checkMaxMessageSize(
      options.maxMessageSize ?? limits.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE,
    ),
    limits: connectionLimits(limits),
    persistence,
  };
  const server = await AmqpServer.start(context, {
    host,
    port: options.port ?? 5672,
    containerId: options.containerId ?? "jms-ts-broker",
    productVersion: BROKER_VERSION,
    ...definedOnly({
      users: options.users,
      userHashes: config.users && Object.fromEntries(config.users.map((u) => [u.name, u.passwordHash])),
      allowAnonymous: options.allowAnonymous ?? config.allowAnonymous,
      tls: options.tls,
      ws: options.ws,
      maxFrameSize: limits.maxFrameSize,
      idleTimeoutMs: limits.idleTimeoutMs,
      maxSessionsPerConnection: limits.maxSessionsPerConnection,
    }),
  });
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= server.close().then(async () => {
      await persistence?.close();
    }));
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
    connections: () => [...context.connections.values()].map((stats) => ({ ...stats })),
    declareQueue: (name, queueOptions) => void vhost.declareQueue(name, queueOptions),
    deleteQueue: (name) => vhost.deleteQueue(name) !== undefined,
    declareExchange: (name, exchangeOptions) => void vhost.declareExchange(name, exchangeOptions),
    deleteExchange: (name) => vhost.deleteExchange(name),
    bind: (binding) => vhost.bind(binding),
    unbind: (binding) => vhost.unbind(binding),
    queueStats(name) {
      const queue = vhost.queue(name);
      return queue && queueStatsOf(queue);
    },
    queueNames: () => vhost.queueNames(),
    exchangeStats(name) {
      const exchange = vhost.exchange(name);
      return exchange && exchangeStatsOf(exchange);
    },
    exchangeNames: () => vhost.exchangeNames(),
    bindings(name) {
      const exchanges = name === undefined ? vhost.exchangeNames() : [name];
      return exchanges.flatMap((exchange) => {
        const found = vhost.exchange(exchange);
        return found ? bindingsOf(found) : [];
      });
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** The config's exchanges, queues and bindings, in an order where every reference already exists. */
function declareAll(vhost: VirtualHost, config: BrokerConfig): void {
  for (const { name, ...exchangeOptions } of config.exchanges ?? [])
    vhost.declareExchange(name, exchangeOptions);
  for (const { name, ...queueOptions } of config.queues ?? []) vhost.declareQueue(name, queueOptions);
  for (const binding of config.bindings ?? []) vhost.bind(binding);
}

function connectionLimits(limits: NonNullable<BrokerConfig["limits"]>): ConnectionLimits {
  return definedOnly({
    maxConnections: limits.maxConnections,
    maxSessionsPerConnection: limits.maxSessionsPerConnection,
    maxLinksPerConnection: limits.maxLinksPerConnection,
  });
}

function checkMemoryLimit(bytes: number): number {
  if (!Number.isSafeInteger(bytes) || bytes < 0) {
    throw new Error(`memoryLimitBytes must be a whole number of bytes >= 0, got ${bytes}`);
  }
  return bytes;
}

function checkMaxMessageSize(bytes: number): number {
  if (!Number.isSafeInteger(bytes) || bytes < 1) {
    throw new Error(`maxMessageSize must be a whole number of bytes >= 1, got ${bytes}`);
  }
  return bytes;
}
