import type { QueueConsumer } from "./queue-consumer";
import type { QueuedMessage } from "./queued-message";

/**
 * The messages of a queue waiting for a consumer, oldest first. New messages append in O(1); messages
 * released back by a consumer go into a small sorted side list so they keep their original position.
 */
export class MessageBacklog {
  private fresh: QueuedMessage[] = [];
  private head = 0;
  private readonly returned: QueuedMessage[] = [];

  get size(): number {
    return this.fresh.length - this.head + this.returned.length;
  }

  append(message: QueuedMessage): void {
    this.fresh.push(message);
  }

  /** Puts back a message taken earlier, in sequence order. */
  putBack(message: QueuedMessage): void {
    let i = this.returned.length;
    while (i > 0 && (this.returned[i - 1] as QueuedMessage).sequence > message.sequence) i--;
    this.returned.splice(i, 0, message);
  }

  /**
   * Removes and returns the oldest message `consumer` may take, or undefined when there is none. Only
   * messages put back can exclude a consumer (undeliverable-here [AMQP 3.4.5]), so fresh ones never need
   * the check.
   */
  takeFor(consumer: QueueConsumer): QueuedMessage | undefined {
    const index = this.returned.findIndex((message) => !message.refusedBy?.has(consumer));
    const back = this.returned[index];
    const next = this.fresh[this.head];
    if (back && (!next || back.sequence < next.sequence)) return this.returned.splice(index, 1)[0];
    if (!next) return undefined;
    this.head++;
    this.compact();
    return next;
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
    const next = this.fresh[low];
    return back && (!next || back.sequence < next.sequence) ? back : next;
  }

  /** Drops consumed slots once they are most of the array, so memory follows the backlog. */
  private compact(): void {
    if (this.head === this.fresh.length) {
      this.fresh = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.fresh.length) {
      this.fresh = this.fresh.slice(this.head);
      this.head = 0;
    }
  }
}
