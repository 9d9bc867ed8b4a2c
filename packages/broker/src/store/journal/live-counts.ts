import type { Segment } from "./segment";

/**
 * Live references per segment: one per (queue, message) whose MESSAGE record is in the segment, plus one
 * per live transient message. They drive compaction.
 *
 * Compaction rule: a segment may be deleted only when its count is 0, it is not the current segment, AND
 * every older segment is already deleted. Deleting strictly from the oldest end is what keeps it safe: a
 * DEQUEUE in a later segment may cancel an ENQUEUE in an earlier one, so removing a later segment while an
 * earlier one survives could bring a consumed message back; and the records of a segment with count 0 only
 * concern messages in that or older (already deleted) segments.
 */
export class LiveCounts {
  private readonly counts = new Map<number, number>();

  retain(segment: number, count: number): void {
    this.counts.set(segment, (this.counts.get(segment) ?? 0) + count);
  }

  /** May drop a count to 0 for a moment (a message moved between queues); deletion waits for a flush. */
  release(segment: number, count: number): void {
    this.counts.set(segment, (this.counts.get(segment) ?? 0) - count);
  }

  /** How many of `segments` (oldest first, the last one current) the rule allows deleting now. */
  deletable(segments: readonly Segment[]): number {
    let count = 0;
    while (count < segments.length - 1 && (this.counts.get(segments[count]?.number ?? -1) ?? 0) <= 0) count++;
    return count;
  }

  forget(segment: number): void {
    this.counts.delete(segment);
  }
}
