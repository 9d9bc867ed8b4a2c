/**
 * `@jms-ts/broker`: the bundled reference AMQP 1.0 broker of jms-ts.
 *
 * ```ts
 * import { createBroker } from "@jms-ts/broker";
 * const broker = await createBroker({ port: 0 });
 * console.log(broker.url); // amqp://127.0.0.1:PORT
 * await broker.close();
 * ```
 * @packageDocumentation
 */
export {
  createBroker,
  DEFAULT_MAX_MESSAGE_SIZE,
  type Broker,
  type BrokerOptions,
  type QueueStats,
  type TopicStats,
} from "./broker";
export { consoleLogger, silentLogger, type BrokerLogger } from "./logger";
export type { BrokerTlsOptions } from "./transport/tls-options";
