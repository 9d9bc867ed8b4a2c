import { AddressResolver } from "./addressing/address-resolver";
import type { BrokerContext } from "./handlers/broker-context";
import { type BrokerLogger, silentLogger } from "./logger";
import { QueueRegistry } from "./queues/queue-registry";
import { AmqpServer } from "./transport/amqp-server";
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
}

/** A snapshot of one queue, for tests, tools and monitoring. */
export interface QueueStats {
  name: string;
  /** Messages waiting for a consumer. */
  depth: number;
  /** Messages delivered to a consumer and not yet settled. */
  unsettled: number;
  consumers: number;
}

/** A running broker. */
export interface Broker extends AsyncDisposable {
  readonly host: string;
  readonly port: number;
  /** `amqp://HOST:PORT`, ready for a ConnectionFactory. */
  readonly url: string;
  /** Open client connections. */
  readonly connectionCount: number;
  queueStats(name: string): QueueStats | undefined;
  queueNames(): string[];
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
  const context: BrokerContext = {
    resolver: new AddressResolver(queues),
    logger: options.logger ?? silentLogger,
    consumers: new WeakMap(),
    producers: new WeakMap(),
  };
  const server = await AmqpServer.start(context, {
    host,
    port: options.port ?? 5672,
    containerId: options.containerId ?? "jms-ts-broker",
    productVersion: BROKER_VERSION,
  });
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= server.close());
  const urlHost = host.includes(":") ? `[${host}]` : host;
  return {
    host,
    port: server.port,
    url: `amqp://${urlHost}:${server.port}`,
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
    close,
    [Symbol.asyncDispose]: close,
  };
}
