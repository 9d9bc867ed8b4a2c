import * as fs from "node:fs";
import { StoreError } from "../message-store";
import { describeOsError } from "../os-error";
import { FRAME_HEADER_BYTES, SEGMENT_HEADER_BYTES, encodeFrameHeader } from "./journal-format";
import { openSegments, type JournalPosition } from "./open-segments";
import {
  createSegment,
  datasync,
  nodeIo,
  readAt,
  syncDirectory,
  writeFully,
  type JournalIo,
  type Segment,
} from "./segment";
import type { JournalOptions } from "./journal-options";
import { LiveCounts } from "./live-counts";
import { SyncGroup } from "./sync-group";
import { WriteFailure } from "./write-failure";

const FLUSH_THRESHOLD_BYTES = 1024 * 1024;

/**
 * Append-only segmented journal. Frames are buffered and written with synchronous positional writes on the
 * next tick (or at once past 1 MiB or on flushNow), so writes reach the OS in append order and a kill -9
 * loses nothing that was flushed; sync() adds the fdatasync that makes them survive a power cut.
 * Segments are deleted by compaction under the rule in live-counts.ts.
 */
export class Journal {
  readonly stats = { syncs: 0 };
  private readonly io: JournalIo;
  private readonly segmentBytes: number;
  private readonly syncs: SyncGroup;
  private segments: Segment[] = [];
  private readonly liveCounts = new LiveCounts();
  private readonly unsynced = new Set<Segment>();
  private directoryDirty = false;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private flushScheduled = false;
  private syncing = 0;
  private readonly writes: WriteFailure;

  constructor(private readonly options: JournalOptions) {
    this.io = { ...nodeIo, ...options.io };
    this.segmentBytes = options.segmentBytes ?? 64 * 1024 * 1024;
    this.writes = new WriteFailure(options.now ?? Date.now);
    this.syncs = new SyncGroup(() => this.syncOnce(), options.groupCommit ?? true);
  }

  /** Why writes fail now, or undefined. */
  get failure(): string | undefined {
    return this.writes.reason;
  }

  get sizeOnDisk(): number {
    return this.segments.reduce((sum, segment) => sum + segment.size, 0);
  }

  /** Segment numbers on disk, oldest first (for tests and monitoring). */
  get segmentNumbers(): number[] {
    return this.segments.map((segment) => segment.number);
  }

  /**
   * Recovery: replays every intact frame in order (see openSegments) and opens the journal for appends.
   * @returns the problems found and the highest next id recorded in a segment header.
   */
  open(visit: (payload: Buffer, position: JournalPosition) => void): { problems: string[]; nextId: number } {
    const opened = openSegments(this.options.directory, visit);
    this.segments = opened.segments;
    if (this.segments.length === 0) {
      this.segments.push(createSegment(this.options.directory, 1, this.options.nextId?.() ?? 0, this.io));
      this.directoryDirty = true;
    }
    return { problems: opened.problems, nextId: opened.nextId };
  }

  /** Where the payload of the next append will start (lets a caller address bytes before appending). */
  nextPosition(): JournalPosition {
    const current = this.current();
    return this.mustRoll()
      ? { segment: current.number + 1, offset: SEGMENT_HEADER_BYTES + FRAME_HEADER_BYTES }
      : { segment: current.number, offset: current.size + this.pendingBytes + FRAME_HEADER_BYTES };
  }

  /**
   * Buffers one frame whose payload is `parts` joined (kept by reference until flushed).
   * @throws StoreUnavailableError while `failure` is set (retried at most once a second).
   */
  append(parts: readonly Buffer[]): JournalPosition {
    this.checkWritable();
    const retrying = this.writes.reason !== undefined;
    const header = encodeFrameHeader(parts);
    if (this.mustRoll()) this.roll();
    const position = this.nextPosition();
    this.pending.push(header, ...parts);
    this.pendingBytes += header.length + parts.reduce((sum, part) => sum + part.length, 0);
    if (retrying || this.pendingBytes > FLUSH_THRESHOLD_BYTES) {
      this.flushNow();
      if (this.writes.reason !== undefined) throw this.writes.error();
    } else if (!this.flushScheduled) {
      this.flushScheduled = true;
      process.nextTick(() => this.flushNow());
    }
    return position;
  }

  /**
   * While failing and a retry is due: writes an empty frame (recovery skips it) to see whether the disk
   * takes writes again. Returns the failure that remains, or undefined.
   */
  retryWrites(): string | undefined {
    if (this.writes.reason === undefined) return undefined;
    try {
      this.append([]);
    } catch {
      // Still failing (or the retry is not due yet): the reason stays.
    }
    return this.writes.reason;
  }

  /** @throws StoreUnavailableError while `failure` is set and the once-a-second retry is not yet due. */
  checkWritable(): void {
    this.writes.check();
  }

  /** Writes the buffered frames now, then deletes segments that compaction allows. Never throws. */
  flushNow(): void {
    this.flushScheduled = false;
    if (this.pendingBytes === 0) return;
    const data = this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    const segment = this.current();
    try {
      writeFully(this.io, segment.fd, data, segment.size);
      segment.size += data.length;
      this.writes.clear();
    } catch (error) {
      // Cut a partly written frame off so the next write continues from the last good frame.
      try {
        this.io.ftruncateSync(segment.fd, segment.size);
      } catch {
        // The retry overwrites from segment.size anyway; recovery treats leftovers as a torn tail.
      }
      this.fail(`cannot write ${segment.path}: ${describeOsError(error)}`);
      return;
    }
    this.compact();
  }

  /**
   * Resolves when everything appended before the call is on disk; concurrent callers share one fdatasync.
   * @throws StoreUnavailableError when a write or the sync failed after the call.
   */
  async sync(): Promise<void> {
    const failuresBefore = this.writes.count;
    if (this.writes.reason !== undefined) throw this.writes.error();
    await this.syncs.sync();
    if (this.writes.count !== failuresBefore) throw this.writes.error();
  }

  /** Reads stored bytes back (async pread). */
  read(segmentNumber: number, offset: number, length: number): Promise<Buffer> {
    const segment = this.segments.find((candidate) => candidate.number === segmentNumber);
    if (segment === undefined) {
      return Promise.reject(new StoreError(`journal segment ${segmentNumber} no longer exists`));
    }
    if (segment === this.current()) this.flushNow();
    return readAt(segment, offset, length);
  }

  /** Counts `count` more live references to data in `segment`; release undoes it. */
  retain(segment: number, count = 1): void {
    this.liveCounts.retain(segment, count);
  }

  /** Drops live references; the segment is deleted at a later flush if compaction allows. */
  release(segment: number, count = 1): void {
    this.liveCounts.release(segment, count);
  }

  /** Deletes the oldest segments without live references (the rule is in live-counts.ts). */
  compact(): void {
    if (this.syncing > 0 || this.writes.reason !== undefined) return;
    for (const oldest of this.segments.splice(0, this.liveCounts.deletable(this.segments))) {
      fs.closeSync(oldest.fd);
      fs.rmSync(oldest.path, { force: true });
      this.liveCounts.forget(oldest.number);
      this.unsynced.delete(oldest);
      this.directoryDirty = true;
    }
  }

  /** Syncs (ignoring a failure: close must always release the files) and closes every segment. */
  async close(): Promise<void> {
    await this.sync().catch(() => undefined);
    for (const segment of this.segments) fs.closeSync(segment.fd);
    this.segments = [];
  }

  private current(): Segment {
    const current = this.segments[this.segments.length - 1];
    if (current === undefined) throw new StoreError("journal is not open");
    return current;
  }

  private mustRoll(): boolean {
    return this.current().size + this.pendingBytes >= this.segmentBytes;
  }

  private roll(): void {
    this.flushNow();
    if (this.writes.reason !== undefined) throw this.writes.error();
    const previous = this.current();
    let next: Segment;
    try {
      next = createSegment(
        this.options.directory,
        previous.number + 1,
        this.options.nextId?.() ?? 0,
        this.io,
      );
    } catch (error) {
      this.fail((error as Error).message);
      throw this.writes.error();
    }
    this.segments.push(next);
    this.unsynced.add(previous);
    this.directoryDirty = true;
  }

  private async syncOnce(): Promise<void> {
    this.flushNow();
    if (this.writes.reason !== undefined) throw this.writes.error();
    const targets = [...this.unsynced, this.current()];
    const directoryDirty = this.directoryDirty;
    this.unsynced.clear();
    this.directoryDirty = false;
    this.syncing++;
    try {
      await Promise.all(targets.map((segment) => datasync(this.io, segment)));
      if (directoryDirty) await syncDirectory(this.options.directory);
      this.stats.syncs++;
    } catch (error) {
      this.fail(error instanceof StoreError ? error.message : describeOsError(error));
      throw this.writes.error();
    } finally {
      this.syncing--;
    }
    this.compact(); // everything that released a segment is durable now
  }

  private fail(reason: string): void {
    this.pending = [];
    this.pendingBytes = 0;
    this.writes.fail(reason);
  }
}
