import type { Clock, Timer } from "./clock";
import { MinHeap } from "./min-heap";

interface Entry<T> {
  readonly at: number;
  readonly order: number;
  readonly item: T;
}

/**
 * Items each due at a time, handed to `onDue` once their time comes, earliest first (ties in the order
 * added). One clock timer serves them all: it is set for the earliest item only, so a queue with a
 * million expiring messages holds one timer, not a million.
 */
export class Timeline<T> {
  private readonly heap = new MinHeap<Entry<T>>(
    (a, b) => a.at < b.at || (a.at === b.at && a.order < b.order),
  );
  private nextOrder = 0;
  private timer: Timer | undefined;
  private timerAt = Infinity;

  constructor(
    private readonly clock: Clock,
    private readonly onDue: (item: T) => void,
  ) {}

  get size(): number {
    return this.heap.size;
  }

  add(item: T, at: number): void {
    this.heap.push({ at, order: this.nextOrder++, item });
    this.arm();
  }

  /** Keeps only the items `keep` accepts: for dropping entries whose item left by other means. */
  retain(keep: (item: T) => boolean): void {
    const entries: Entry<T>[] = [];
    for (let entry = this.heap.pop(); entry; entry = this.heap.pop()) {
      if (keep(entry.item)) entries.push(entry);
    }
    for (const entry of entries) this.heap.push(entry);
    this.arm();
  }

  /** Removes everything and cancels the timer; returns the items that were waiting. */
  clear(): T[] {
    const items: T[] = [];
    for (let entry = this.heap.pop(); entry; entry = this.heap.pop()) items.push(entry.item);
    this.cancel();
    return items;
  }

  private arm(): void {
    const first = this.heap.peek();
    if (!first) {
      this.cancel();
      return;
    }
    if (this.timer && this.timerAt <= first.at) return;
    this.cancel();
    this.timerAt = first.at;
    this.timer = this.clock.setTimer(() => this.fire(), first.at - this.clock.now());
  }

  private fire(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = this.clock.now();
    for (let first = this.heap.peek(); first && first.at <= now; first = this.heap.peek()) {
      this.heap.pop();
      this.onDue(first.item);
    }
    this.arm();
  }

  private cancel(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.timerAt = Infinity;
  }
}
