import type { PublishedMessage } from "../routing/published-message";
import { PagedMessages } from "./paged-messages";
import type { PagedMessage, QueueStorage, StorageHandle } from "./queue-storage";

/** At most this many paged messages, or about this many bytes, are read back at a time. */
const BATCH_MESSAGES = 1024;
const BATCH_BYTES = 4 * 1024 * 1024;

/** What the pager tells its queue. */
export interface PagerEvents {
  /** A batch was read back: the messages, in order, to take into memory. */
  loaded(batch: readonly PagedMessage[], messages: readonly PublishedMessage[]): void;
  /** A batch could not be read; it is paged again and retried at the next chance. */
  failed(error: unknown): void;
  /** True once the queue is deleted: what comes back then is released, not loaded. */
  gone(): boolean;
}

/**
 * The paging of one queue: messages kept on disk only, newer than every message the queue holds in memory,
 * read back one batch at a time as consumers catch up. Once a queue pages, every newer message pages too
 * until it has caught up, so messages come back in order.
 */
export class QueuePager {
  private readonly paged = new PagedMessages();
  /** The batch being read back now. */
  private loading: readonly PagedMessage[] = [];
  private loadingBytes = 0;

  constructor(
    private readonly storage: QueueStorage,
    private readonly events: PagerEvents,
  ) {}

  /** Messages paged, including a batch being read back. */
  get size(): number {
    return this.paged.size + this.loading.length;
  }

  get bytes(): number {
    return this.paged.bytes + this.loadingBytes;
  }

  /** Whether a message arriving now must page: the queue pages already, or memory is short. */
  get engaged(): boolean {
    return this.size > 0 || this.storage.shouldPage();
  }

  /** Pages a message out; false when it cannot be written now (the queue keeps it in memory). */
  pageOut(
    sequence: number,
    message: PublishedMessage,
    durable: StorageHandle | undefined,
    deliveryCount: number,
    expiresAt: number | undefined,
  ): boolean {
    const handle = this.storage.pageOut(message, durable);
    if (!handle) return false;
    this.paged.append({ sequence, handle, bytes: message.bytes.length, deliveryCount, expiresAt });
    return true;
  }

  /** Adds a message that is on disk already (recovered after a restart). */
  add(message: PagedMessage): void {
    this.paged.append(message);
  }

  /** Starts reading the next batch back when none is being read and `wanted` says the queue needs it. */
  loadIf(wanted: () => boolean): void {
    if (this.loading.length > 0 || this.paged.size === 0 || this.events.gone() || !wanted()) return;
    const batch = this.paged.takeBatch(BATCH_MESSAGES, BATCH_BYTES);
    this.loading = batch;
    this.loadingBytes = batch.reduce((sum, paged) => sum + paged.bytes, 0);
    this.storage.pageIn(batch.map((paged) => paged.handle)).then(
      (messages) => {
        this.loading = [];
        this.loadingBytes = 0;
        if (this.events.gone()) this.releaseBatch(batch);
        else this.events.loaded(batch, messages);
      },
      (error: unknown) => {
        this.loading = [];
        this.loadingBytes = 0;
        if (this.events.gone()) {
          this.releaseBatch(batch);
          return;
        }
        this.paged.putBackBatch(batch);
        this.events.failed(error);
      },
    );
  }

  /** The queue is deleted: releases every paged record (a batch being read, when it comes back). */
  release(): number {
    const paged = this.paged.clear();
    this.releaseBatch(paged);
    return paged.length + this.loading.length;
  }

  private releaseBatch(batch: readonly PagedMessage[]): void {
    for (const paged of batch) this.storage.left(paged.handle);
  }
}
