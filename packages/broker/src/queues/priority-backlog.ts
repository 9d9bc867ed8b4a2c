import { MessageBacklog } from "./message-backlog";
import type { QueuedMessage } from "./queued-message";

const LEVELS = 10;

/** The JMS priority level of a message: 0-9, anything above 9 counting as 9 [JMS 2.0 3.4.10]. */
export function priorityLevel(message: QueuedMessage): number {
  const priority = Math.trunc(message.message.priority);
  return priority >= LEVELS ? LEVELS - 1 : priority > 0 ? priority : 0;
}

/**
 * The waiting messages of a queue: higher priority first, oldest first within a priority [JMS 2.0 3.4.10].
 * One MessageBacklog per level keeps adding and taking O(1) in the common case; a released message goes
 * back to its original place within its level.
 */
export class PriorityBacklog {
  private readonly levels = Array.from({ length: LEVELS }, () => new MessageBacklog());
  private count = 0;

  get size(): number {
    return this.count;
  }

  has(message: QueuedMessage): boolean {
    return this.level(message).has(message);
  }

  append(message: QueuedMessage): void {
    this.level(message).append(message);
    this.count++;
  }

  putBack(message: QueuedMessage): void {
    this.level(message).putBack(message);
    this.count++;
  }

  /** Removes and returns the first message by priority then age that `allowed` accepts. */
  take(allowed?: (message: QueuedMessage) => boolean): QueuedMessage | undefined {
    for (let level = LEVELS - 1; level >= 0 && this.count > 0; level--) {
      const backlog = this.levels[level] as MessageBacklog;
      if (backlog.size === 0) continue;
      const message = backlog.take(allowed);
      if (message) {
        this.count--;
        return message;
      }
    }
    return undefined;
  }

  /** Removes and returns the oldest message of the lowest priority (drop-head makes room with it). */
  takeLeastImportant(): QueuedMessage | undefined {
    for (const backlog of this.levels) {
      const message = backlog.take();
      if (message) {
        this.count--;
        return message;
      }
    }
    return undefined;
  }

  remove(message: QueuedMessage): boolean {
    if (!this.level(message).remove(message)) return false;
    this.count--;
    return true;
  }

  /** The waiting message with the smallest sequence after `sequence`, whatever its priority (browsing). */
  firstAfter(sequence: number): QueuedMessage | undefined {
    let first: QueuedMessage | undefined;
    for (const backlog of this.levels) {
      if (backlog.size === 0) continue;
      const candidate = backlog.firstAfter(sequence);
      if (candidate && (!first || candidate.sequence < first.sequence)) first = candidate;
    }
    return first;
  }

  clear(): QueuedMessage[] {
    this.count = 0;
    return this.levels.flatMap((backlog) => backlog.clear());
  }

  private level(message: QueuedMessage): MessageBacklog {
    return this.levels[priorityLevel(message)] as MessageBacklog;
  }
}
