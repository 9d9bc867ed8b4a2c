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
  DEFAULT_MEMORY_LIMIT_BYTES,
  DEFAULT_QUEUE_OPTIONS,
  type Broker,
  type BrokerOptions,
} from "./broker";
export type { BindingInfo, ExchangeStats, QueueStats } from "./broker-stats";
export type { QueueCounters } from "./queues/queue";
export type { ConnectionInfo } from "./transport/connection-stats";
export type { ExpiryPolicy, OverflowPolicy, QueueOptions } from "./queues/queue-options";
export type {
  BindingArgument,
  BindingOptions,
  ExchangeOptions,
  ExchangeType,
} from "./routing/exchange-options";
export type { AutoCreationPolicy } from "./routing/auto-creation-policy";
export { DeclarationError } from "./routing/declaration-error";
export type { AclRule, Permission } from "./security/permission";
export { hashPassword } from "./security/password-hash";
export type {
  BrokerConfig,
  BrokerLimits,
  ExchangeDeclaration,
  QueueDeclaration,
  UserDeclaration,
} from "./config/broker-config";
export { ConfigError } from "./config/validate-config";
export { validateBrokerConfig } from "./config/validate-config";
export { loadBrokerConfig } from "./config/load-config";
export { consoleLogger, silentLogger, type BrokerLogger } from "./logger";
export type { BrokerTlsOptions } from "./transport/tls-options";
export type { Clock, Timer } from "./queues/clock";
export {
  StoreError,
  StoreLockedError,
  StoreUnavailableError,
  type MessageStore,
  type RecoveredMessage,
  type RecoveredState,
  type StoredMessageRef,
  type StoreStats,
} from "./store/message-store";
export { FileMessageStore, type FileMessageStoreOptions } from "./store/file-message-store";
export { MemoryMessageStore } from "./store/memory-message-store";
export { MemoryVolume } from "./store/memory-volume";
