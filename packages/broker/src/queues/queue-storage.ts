import type { PublishedMessage } from "../routing/published-message";

/** Where a stored message lives, as the storage knows it: opaque to the queue, which only hands it back. */
export type StorageHandle = object;

/**
 * A message kept on disk only (paged out): what the queue needs to put it back in its place later without
 * holding its bytes.
 */
export interface PagedMessage {
  readonly sequence: number;
  readonly handle: StorageHandle;
  readonly bytes: number;
  readonly deliveryCount: number;
  readonly expiresAt: number | undefined;
}

/** A message recovered after a restart, as a queue takes it back: still on disk. */
export interface RestoredMessage {
  readonly handle: StorageHandle;
  readonly bytes: number;
  /** Deliveries recorded before the restart: becomes its delivery count (JMSRedelivered). */
  readonly deliveryCount: number;
}

/**
 * What a queue asks of the broker's store (store/persistence.ts implements it): recording messages that
 * must survive a restart, and keeping message bytes on disk when memory is short (paging). Without it a
 * queue keeps everything in memory and nothing survives.
 */
export interface QueueStorage {
  /**
   * A message was published into the queue (now or scheduled): the handle of its durable record, or
   * undefined when it is not kept (a non-persistent message, a non-durable queue).
   */
  stored(message: PublishedMessage): StorageHandle | undefined;
  /** The message left the queue for good (acknowledged, expired, dropped, dead-lettered, queue deleted). */
  left(handle: StorageHandle): void;
  /** The message is about to go to a consumer: recorded before it goes, for its delivery count. */
  delivering(handle: StorageHandle): void;
  /** Whether a message arriving now should be kept on disk rather than in memory. */
  shouldPage(): boolean;
  /**
   * Writes the message out if it is not on disk yet; returns its handle (`durable` when already stored),
   * or undefined when it cannot be written now (the queue then keeps it in memory).
   */
  pageOut(message: PublishedMessage, durable: StorageHandle | undefined): StorageHandle | undefined;
  /** Reads paged messages back, in the order given. Rejects when the store cannot be read. */
  pageIn(handles: readonly StorageHandle[]): Promise<PublishedMessage[]>;
  /** Bytes of message content now held in memory across the broker (for the paging decision). */
  memoryHeld(delta: number): void;
}
