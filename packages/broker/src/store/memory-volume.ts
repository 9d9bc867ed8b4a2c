import { StoreUnavailableError } from "./message-store";

/**
 * The "disk" of a MemoryMessageStore: outlives a store handle, so a test can restart by opening a new
 * MemoryMessageStore on the same volume. Every append lands here at once (a memory volume never loses an
 * unsynced record, which the contract allows), and failWrites() makes writes fail like a full disk.
 */
export class MemoryVolume {
  /** Frame payloads in append order; a frame's index is its "segment" in a message ref. */
  readonly frames: Buffer[] = [];
  /** The saved catalog as JSON text (so a restart sees a copy, like a file). */
  catalog: string | undefined;
  private reason: string | undefined;
  private failureCount = 0;

  /** Why writes fail now, or undefined. */
  get failure(): string | undefined {
    return this.reason;
  }

  /** How many times writes started failing; a sync spanning a change must reject. */
  get failures(): number {
    return this.failureCount;
  }

  /** Makes every write fail with `reason` from now on, or (undefined) succeed again. */
  failWrites(reason: string | undefined): void {
    if (reason !== undefined && this.reason === undefined) this.failureCount++;
    this.reason = reason;
  }

  /** @throws StoreUnavailableError while writes fail. */
  checkWritable(): void {
    if (this.reason !== undefined) throw new StoreUnavailableError(this.reason);
  }

  append(parts: readonly Buffer[]): number {
    this.checkWritable();
    this.frames.push(Buffer.concat(parts));
    return this.frames.length - 1;
  }

  /** Total payload bytes held (not reported as sizeOnDisk: a memory store has no disk). */
  get bytes(): number {
    return this.frames.reduce((sum, frame) => sum + frame.length, 0);
  }
}
