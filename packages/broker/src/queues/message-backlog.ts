import type { QueuedMessage } from "./queued-message";

/**
 * The waiting messages of one priority level, oldest first. New messages append in O(1); messages released
 * back by a consumer go into a small sorted side list so they keep their original position. A message
 * taken or removed from the middle (message groups, expiry, undeliverable-here) leaves a hole that the
 * head skips later, so no removal shifts the array.
 */
export class MessageBacklog {
  private fresh: QueuedMessage[] = [];
  private head = 0;
  /** Slots of `fresh` whose message was taken or removed out of order. */
  private readonly holes = new Set<QueuedMessage>();
  private readonly returned: QueuedMessage[] = [];
  private readonly waiting = new Set<QueuedMessage>();

  get size(): number {
    return this.waiting.size;
  }

  has(message: QueuedMessage): boolean {
    return this.waiting.has(message);
  }

  /** Adds a message newer than every message added before. */
  append(message: QueuedMessage): void {
    this.fresh.push(message);
    this.waiting.add(message);
  }

  /** Puts back a message taken earlier, in sequence order. */
  putBack(message: QueuedMessage): void {
    let i = this.returned.length;
    while (i > 0 && (this.returned[i - 1] as QueuedMessage).sequence > message.sequence) i--;
    this.returned.splice(i, 0, message);
    this.waiting.add(message);
  }

  /**
   * Removes and returns the oldest message `allowed` accepts (any message when absent), or undefined.
   * Costs O(1) when the oldest message is allowed, else the messages skipped.
   */
  take(allowed?: (message: QueuedMessage) => boolean): QueuedMessage | undefined {
    const backIndex = allowed ? this.returned.findIndex(allowed) : this.returned.length > 0 ? 0 : -1;
    const back = this.returned[backIndex];
    let index = this.head;
    let next: QueuedMessage | undefined;
    for (; index < this.fresh.length; index++) {
      const candidate = this.fresh[index] as QueuedMessage;
      if (back && candidate.sequence > back.sequence) break;
      if (this.holes.has(candidate)) continue;
      if (!allowed || allowed(candidate)) {
        next = candidate;
        break;
      }
    }
    if (back && (!next || back.sequence < next.sequence)) {
      this.returned.splice(backIndex, 1);
      this.waiting.delete(back);
      return back;
    }
    if (!next) return undefined;
    this.waiting.delete(next);
    if (index === this.head) this.head++;
    else this.holes.add(next);
    this.advance();
    return next;
  }

  /** Removes a waiting message wherever it is; false when it is not waiting here. */
  remove(message: QueuedMessage): boolean {
    if (!this.waiting.delete(message)) return false;
    const back = this.returned.indexOf(message);
    if (back >= 0) {
      this.returned.splice(back, 1);
      return true;
    }
    if (this.fresh[this.head] === message) this.head++;
    else this.holes.add(message);
    this.advance();
    return true;
  }

  /** The oldest waiting message that came after `sequence`, left in place (for browsing). */
  firstAfter(sequence: number): QueuedMessage | undefined {
    const back = this.returned.find((message) => message.sequence > sequence);
    let low = this.head;
    let high = this.fresh.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.fresh[middle] as QueuedMessage).sequence > sequence) high = middle;
      else low = middle + 1;
    }
    while (low < this.fresh.length && this.holes.has(this.fresh[low] as QueuedMessage)) low++;
    const next = this.fresh[low];
    return back && (!next || back.sequence < next.sequence) ? back : next;
  }

  /** Empties the backlog and returns what was waiting. */
  clear(): QueuedMessage[] {
    const all = [...this.waiting];
    this.fresh = [];
    this.head = 0;
    this.holes.clear();
    this.returned.length = 0;
    this.waiting.clear();
    return all;
  }

  /** Moves the head past holes, and drops consumed slots once they are most of the array. */
  private advance(): void {
    while (this.head < this.fresh.length) {
      const message = this.fresh[this.head] as QueuedMessage;
      if (!this.holes.delete(message)) break;
      this.head++;
    }
    if (this.head === this.fresh.length) {
      this.fresh = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.fresh.length) {
      this.fresh = this.fresh.slice(this.head);
      this.head = 0;
    }
  }
}
