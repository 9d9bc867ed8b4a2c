import { StoreError, type StoredMessageRef } from "./message-store";
import { RecordType, encodeDelivered, encodeMessageHeader, encodeQueueRecord } from "./record-codec";

/** Where a frame's payload starts: a journal segment and offset, or a memory volume's frame index. */
export interface LogPosition {
  readonly segment: number;
  readonly offset: number;
}

/** The append-only log under a store: the file Journal or a MemoryVolume. */
export interface RecordLog {
  readonly failure: string | undefined;
  /** @throws StoreUnavailableError while `failure` is set and no retry is due. */
  checkWritable(): void;
  nextPosition(): LogPosition;
  append(parts: readonly Buffer[]): LogPosition;
  flushNow(): void;
  read(segment: number, offset: number, length: number): Promise<Buffer>;
  retain(segment: number, count?: number): void;
  release(segment: number, count?: number): void;
}

interface Batch {
  readonly base: LogPosition;
  readonly parts: Buffer[];
  bytes: number;
  flush: boolean;
  readonly effects: (() => void)[];
}

/**
 * The record-level half of a message store, shared by the file and memory backends so both keep the same
 * semantics: turns addMessage/enqueue/dequeue/delivered into records, groups a transaction's records into
 * one frame, and keeps the live-reference counts that drive compaction.
 */
export class RecordWriter {
  private batch: Batch | undefined;
  /**
   * Live transient messages → the queues holding them. They get no queue records; the segment reference
   * taken at addMessage is dropped when the last queue dequeues them.
   */
  private readonly transient = new Map<number, number>();

  constructor(
    private readonly log: RecordLog,
    public nextId: number,
  ) {}

  addMessage(bytes: Buffer, transient: boolean): StoredMessageRef {
    return this.write((batch) => {
      const id = this.nextId++;
      const header = encodeMessageHeader(id, transient, bytes.length);
      const offset = batch.base.offset + batch.bytes + header.length;
      const ref: StoredMessageRef = { id, segment: batch.base.segment, offset, length: bytes.length };
      batch.parts.push(header, bytes);
      batch.bytes += header.length + bytes.length;
      if (transient) {
        this.transient.set(id, 0);
        batch.effects.push(() => this.log.retain(ref.segment));
      }
      return ref;
    });
  }

  enqueue(queueId: number, ref: StoredMessageRef): void {
    const holders = this.transient.get(ref.id);
    if (holders !== undefined) {
      this.transient.set(ref.id, holders + 1);
      return;
    }
    this.record(encodeQueueRecord(RecordType.enqueue, queueId, ref.id, ref.segment), () =>
      this.log.retain(ref.segment),
    );
  }

  dequeue(queueId: number, ref: StoredMessageRef): void {
    const holders = this.transient.get(ref.id);
    if (holders !== undefined) {
      if (holders > 1) this.transient.set(ref.id, holders - 1);
      else if (this.transient.delete(ref.id)) this.log.release(ref.segment);
      return;
    }
    this.record(encodeQueueRecord(RecordType.dequeue, queueId, ref.id, ref.segment), () =>
      this.log.release(ref.segment),
    );
  }

  delivered(queueId: number, ref: StoredMessageRef): void {
    if (this.transient.has(ref.id)) return;
    this.write((batch) => {
      batch.flush = true;
      this.push(batch, encodeDelivered(queueId, ref.id));
    });
  }

  atomically<T>(work: () => T): T {
    if (this.batch !== undefined) return work();
    const batch = this.begin();
    let result: T;
    try {
      result = work();
    } finally {
      this.batch = undefined;
    }
    this.commit(batch);
    return result;
  }

  read(ref: StoredMessageRef): Promise<Buffer> {
    return this.log.read(ref.segment, ref.offset, ref.length);
  }

  private record(record: Buffer, effect: () => void): void {
    this.write((batch) => {
      this.push(batch, record);
      batch.effects.push(effect);
    });
  }

  private push(batch: Batch, record: Buffer): void {
    batch.parts.push(record);
    batch.bytes += record.length;
  }

  private write<T>(work: (batch: Batch) => T): T {
    if (this.batch !== undefined) return work(this.batch);
    return this.atomically(() => work(this.batch as Batch));
  }

  private begin(): Batch {
    this.log.checkWritable();
    const batch: Batch = { base: this.log.nextPosition(), parts: [], bytes: 0, flush: false, effects: [] };
    this.batch = batch;
    return batch;
  }

  /** Appends the batch as one frame; a `work` that threw never gets here, so its records are dropped. */
  private commit(batch: Batch): void {
    if (batch.parts.length === 0) return;
    const position = this.log.append(batch.parts);
    if (position.segment !== batch.base.segment || position.offset !== batch.base.offset) {
      throw new StoreError(
        `store bug: records planned for ${batch.base.segment}:${batch.base.offset} went to ${position.segment}:${position.offset}`,
      );
    }
    for (const effect of batch.effects) effect();
    if (batch.flush) this.log.flushNow();
  }
}
