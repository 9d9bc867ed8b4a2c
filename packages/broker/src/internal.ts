/**
 * Unstable internals for sibling packages and tests. Not covered by semver.
 * @packageDocumentation
 */
export { Queue, type DeliveryOutcome } from "./queues/queue";
export { AddressResolver, AddressError } from "./addressing/address-resolver";
export { VirtualHost } from "./routing/virtual-host";
export { Exchange } from "./routing/exchange";
export { TopicPattern } from "./routing/topic-pattern";
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
