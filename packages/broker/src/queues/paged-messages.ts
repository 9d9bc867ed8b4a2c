import type { PagedMessage } from "./queue-storage";

/**
 * A queue's paged-out messages, oldest first: appended at the tail while the queue pages, taken from the
 * head in batches as consumers catch up. Holds only small records, never message bytes.
 */
export class PagedMessages {
  private items: PagedMessage[] = [];
  private head = 0;
  private heldBytes = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  /** Encoded bytes of the paged messages (counted against the queue's limits). */
  get bytes(): number {
    return this.heldBytes;
  }

  append(message: PagedMessage): void {
    this.items.push(message);
    this.heldBytes += message.bytes;
  }

  /** Takes the oldest messages: at most `count` of them and about `maxBytes` (always at least one). */
  takeBatch(count: number, maxBytes: number): PagedMessage[] {
    const batch: PagedMessage[] = [];
    let bytes = 0;
    while (
      this.head < this.items.length &&
      batch.length < count &&
      (batch.length === 0 || bytes < maxBytes)
    ) {
      const next = this.items[this.head++] as PagedMessage;
      batch.push(next);
      bytes += next.bytes;
    }
    this.heldBytes -= bytes;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head >= 4096 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return batch;
  }

  /** Returns a batch taken by takeBatch (it could not be read) to the head, in its order. */
  putBackBatch(batch: readonly PagedMessage[]): void {
    this.items = [...batch, ...this.items.slice(this.head)];
    this.head = 0;
    for (const message of batch) this.heldBytes += message.bytes;
  }

  /** Empties the list and returns what it held. */
  clear(): PagedMessage[] {
    const all = this.items.slice(this.head);
    this.items = [];
    this.head = 0;
    this.heldBytes = 0;
    return all;
  }
}
