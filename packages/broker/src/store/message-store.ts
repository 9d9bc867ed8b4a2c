/**
 * Where the broker keeps what must outlive it: the catalog of durable entities and the messages of durable
 * queues. Pure storage: no AMQP, no queues; the broker (store/persistence) decides what to write. Every
 * backend passes the one contract suite in message-store.contract.ts.
 *
 * Writes are synchronous appends in call order; `sync()` makes everything appended so far durable and is
 * shared by concurrent callers (group commit). A backend that cannot write (disk full, directory gone)
 * sets `failure` and refuses further appends until a write succeeds again.
 */
export interface MessageStore {
  /** "file" keeps data across processes; "memory" only across `reopen` of the same volume (tests). */
  readonly kind: "file" | "memory";
  /**
   * Opens the store and reads back what survived: the last saved catalog and each queue's messages in the
   * order they were enqueued. Problems (a torn tail, a corrupt record) are reported, not thrown.
   * @throws StoreLockedError when another broker has the store open; StoreError when it cannot be read.
   */
  open(): Promise<RecoveredState>;
  /**
   * Writes a message's encoded bytes once, for every queue it will be enqueued on. A `transient` message
   * (non-persistent, written only to free memory) is never recovered; its space is reclaimed once every
   * queue it was enqueued on has dequeued it. The store keeps a reference to `bytes` until written: do not
   * modify them afterwards.
   * @throws StoreUnavailableError while `failure` is set.
   */
  addMessage(bytes: Buffer, transient: boolean): StoredMessageRef;
  /** Records that `queueId` holds the message. @throws StoreUnavailableError while `failure` is set. */
  enqueue(queueId: number, ref: StoredMessageRef): void;
  /**
   * Records that the message left `queueId` for good (acknowledged, expired, dropped, moved). A move is
   * dequeue + enqueue in one synchronous section (ideally `atomically`): space is reclaimed only later.
   */
  dequeue(queueId: number, ref: StoredMessageRef): void;
  /**
   * Records one delivery attempt; written through to the operating system before it returns, so a message
   * a consumer may have seen comes back after a crash with its delivery count (JMSRedelivered).
   */
  delivered(queueId: number, ref: StoredMessageRef): void;
  /**
   * Runs `work`; every record it appends is written as one unit that recovery applies whole or not at all.
   * Nested calls join the outer one. If `work` throws, nothing it appended is written.
   * @throws StoreUnavailableError when the unit cannot be written (after `work` ran).
   */
  atomically<T>(work: () => T): T;
  /** The bytes of a stored message (paging reads bodies back through this). */
  read(ref: StoredMessageRef): Promise<Buffer>;
  /**
   * Resolves once everything appended before the call is durable (fsync). Concurrent calls share one sync.
   * @throws StoreUnavailableError when the records could not be written or synced.
   */
  sync(): Promise<void>;
  /**
   * Replaces the saved catalog (JSON-serialisable) atomically. The new catalog is in place when the call
   * returns (a crashing process cannot lose it); the promise resolves once it is durable.
   */
  saveCatalog(catalog: unknown): Promise<void>;
  /** Why writes fail now (for example "no space left on device"), or undefined while they succeed. */
  readonly failure: string | undefined;
  /** Bytes the store holds on disk (0 for memory), for monitoring and tests. */
  readonly sizeOnDisk: number;
  /**
   * While `failure` is set, tries a write when the once-a-second retry is due (a caller that refuses work
   * up front would otherwise never write again); returns the failure that remains, or undefined.
   */
  retryWrites(): string | undefined;
  /** Counters for monitoring, tests and benchmarks. */
  readonly stats: StoreStats;
  /** Syncs, closes files and releases the lock. Idempotent. */
  close(): Promise<void>;
}

export interface StoreStats {
  /** fsyncs done so far; with group commit, fewer than the sync() calls made while one was running. */
  readonly syncs: number;
}

/** Where a stored message is; the store's own address for it, opaque to the broker except `id`. */
export interface StoredMessageRef {
  /** Increases with every addMessage across restarts: store order. */
  readonly id: number;
  readonly segment: number;
  readonly offset: number;
  readonly length: number;
}

/** A message a queue held at the last stop, with the deliveries recorded for it there. */
export interface RecoveredMessage {
  readonly ref: StoredMessageRef;
  readonly deliveries: number;
}

export interface RecoveredState {
  /** The last catalog saved, or undefined for a new store. */
  readonly catalog: unknown;
  /** queueId → its messages in enqueue order (ids increasing). Queues with none are absent. */
  readonly queues: ReadonlyMap<number, readonly RecoveredMessage[]>;
  /** What recovery skipped, each naming the file and offset: a torn tail, a corrupt record. */
  readonly problems: readonly string[];
}

/** A store operation failed. */
export class StoreError extends Error {
  override readonly name: string = "StoreError";
}

/** Another broker holds the data directory. */
export class StoreLockedError extends StoreError {
  override readonly name: string = "StoreLockedError";
}

/** Writes fail (disk full, directory not writable): persistent messages must be refused, not accepted. */
export class StoreUnavailableError extends StoreError {
  override readonly name: string = "StoreUnavailableError";
}
