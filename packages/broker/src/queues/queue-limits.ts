import type { QueueOptions } from "./queue-options";

/** What a queue holds, as its limits count it. */
export interface QueueLoad {
  readonly messages: number;
  readonly bytes: number;
}

/** Producers blocked by a full queue get credit again once it is back under this share of its limits. */
export const RESUME_FRACTION = 0.8;

/**
 * A queue's `maxLength` and `maxBytes`. Both count every message the queue still holds: waiting, scheduled
 * and delivered-but-unsettled (a consumer may still release it back), by its encoded size.
 */
export class QueueLimits {
  constructor(
    private readonly name: string,
    private readonly options: Pick<QueueOptions, "maxLength" | "maxBytes">,
  ) {}

  /** Why one more message of `size` bytes would take the queue past a limit, or undefined if it fits. */
  exceededBy(load: QueueLoad, size: number): string | undefined {
    const { maxLength, maxBytes } = this.options;
    if (maxLength !== undefined && load.messages + 1 > maxLength) {
      return `queue "${this.name}" is full: ${load.messages} messages (maxLength ${maxLength})`;
    }
    if (maxBytes !== undefined && load.bytes + size > maxBytes) {
      return `queue "${this.name}" is full: ${load.bytes} bytes held, ${size} more would pass maxBytes ${maxBytes}`;
    }
    return undefined;
  }

  /** True while the queue holds more than a limit allows (producer-flow-control blocks then). */
  over(load: QueueLoad): boolean {
    const { maxLength, maxBytes } = this.options;
    return (
      (maxLength !== undefined && load.messages > maxLength) ||
      (maxBytes !== undefined && load.bytes > maxBytes)
    );
  }

  /** True when both counts are back under RESUME_FRACTION of their limits. */
  canResume(load: QueueLoad): boolean {
    const { maxLength, maxBytes } = this.options;
    return (
      (maxLength === undefined || load.messages <= maxLength * RESUME_FRACTION) &&
      (maxBytes === undefined || load.bytes <= maxBytes * RESUME_FRACTION)
    );
  }
}
