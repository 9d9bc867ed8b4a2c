import type { PagedMessage, StorageHandle } from "./queue-storage";

const INITIAL_CAPACITY = 1024;

/**
 * A queue's paged-out messages, oldest first: appended at the tail while the queue pages, taken from the
 * head in batches as consumers catch up. Held as columns of typed arrays plus one handle per message, not
 * an object per message: a million paged messages cost tens of MiB, never their bytes.
 */
export class PagedMessages {
  private capacity = INITIAL_CAPACITY;
  private sequences = new Float64Array(INITIAL_CAPACITY);
  /** NaN: no expiry. */
  private expiries = new Float64Array(INITIAL_CAPACITY);
  private sizes = new Uint32Array(INITIAL_CAPACITY);
  private deliveryCounts = new Uint32Array(INITIAL_CAPACITY);
  private handles: (StorageHandle | undefined)[] = new Array<StorageHandle | undefined>(INITIAL_CAPACITY);
  private head = 0;
  private tail = 0;
  private heldBytes = 0;

  get size(): number {
    return this.tail - this.head;
  }

  /** Encoded bytes of the paged messages (counted against the queue's limits). */
  get bytes(): number {
    return this.heldBytes;
  }

  append(message: PagedMessage): void {
    if (this.tail === this.capacity) this.makeRoom();
    const slot = this.tail++;
    this.sequences[slot] = message.sequence;
    this.expiries[slot] = message.expiresAt ?? Number.NaN;
    this.sizes[slot] = message.bytes;
    this.deliveryCounts[slot] = message.deliveryCount;
    this.handles[slot] = message.handle;
    this.heldBytes += message.bytes;
  }

  /** Takes the oldest messages: at most `count` of them and about `maxBytes` (always at least one). */
  takeBatch(count: number, maxBytes: number): PagedMessage[] {
    const batch: PagedMessage[] = [];
    let bytes = 0;
    while (this.head < this.tail && batch.length < count && (batch.length === 0 || bytes < maxBytes)) {
      const message = this.at(this.head);
      this.handles[this.head++] = undefined; // the taken handle must not outlive the batch
      batch.push(message);
      bytes += message.bytes;
    }
    this.heldBytes -= bytes;
    if (this.head === this.tail) this.head = this.tail = 0;
    return batch;
  }

  /** Returns a batch taken by takeBatch (it could not be read) to the head, in its order. */
  putBackBatch(batch: readonly PagedMessage[]): void {
    const rest = this.clear();
    for (const message of [...batch, ...rest]) this.append(message);
  }

  /** Empties the list and returns what it held. */
  clear(): PagedMessage[] {
    const all: PagedMessage[] = [];
    for (let slot = this.head; slot < this.tail; slot++) all.push(this.at(slot));
    this.handles.fill(undefined, this.head, this.tail);
    this.head = this.tail = 0;
    this.heldBytes = 0;
    return all;
  }

  private at(slot: number): PagedMessage {
    const expiresAt = this.expiries[slot] as number;
    return {
      sequence: this.sequences[slot] as number,
      handle: this.handles[slot] as StorageHandle,
      bytes: this.sizes[slot] as number,
      deliveryCount: this.deliveryCounts[slot] as number,
      expiresAt: Number.isNaN(expiresAt) ? undefined : expiresAt,
    };
  }

  /** Moves the live slots to the front when most of the arrays were consumed, else doubles them. */
  private makeRoom(): void {
    const live = this.tail - this.head;
    if (this.head > 0 && live <= this.capacity / 2) {
      for (const column of [this.sequences, this.expiries, this.sizes, this.deliveryCounts]) {
        column.copyWithin(0, this.head, this.tail);
      }
      this.handles.copyWithin(0, this.head, this.tail);
      this.handles.fill(undefined, live, this.tail);
    } else {
      this.capacity *= 2;
      this.sequences = grown(this.sequences, new Float64Array(this.capacity), this.head, this.tail);
      this.expiries = grown(this.expiries, new Float64Array(this.capacity), this.head, this.tail);
      this.sizes = grown(this.sizes, new Uint32Array(this.capacity), this.head, this.tail);
      this.deliveryCounts = grown(this.deliveryCounts, new Uint32Array(this.capacity), this.head, this.tail);
      const handles = new Array<StorageHandle | undefined>(this.capacity);
      for (let slot = this.head; slot < this.tail; slot++) handles[slot - this.head] = this.handles[slot];
      this.handles = handles;
    }
    this.tail = live;
    this.head = 0;
  }
}

function grown<T extends Float64Array | Uint32Array>(from: T, to: T, head: number, tail: number): T {
  to.set(from.subarray(head, tail));
  return to;
}
