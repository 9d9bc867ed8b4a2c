import { SyncGroup } from "./journal/sync-group";
import { StoreError, StoreUnavailableError, type MessageStore, type RecoveredState } from "./message-store";
import type { MemoryVolume } from "./memory-volume";
import { decodeRecords } from "./record-codec";
import { RecordWriter, type RecordLog } from "./record-writer";
import { RecoveryIndex } from "./recovery-index";
import { RecordWriterStore } from "./record-writer-store";

/**
 * A MessageStore in memory, for tests and brokers without a data directory. It writes the same records as
 * the file store (through the same RecordWriter and RecoveryIndex) into a MemoryVolume, so the contract
 * suite checks one set of semantics on both and a "restart" is a new store on the same volume.
 */
export class MemoryMessageStore extends RecordWriterStore implements MessageStore {
  readonly kind = "memory";
  /** Simulated syncs so far (group commit makes this smaller than the number of sync() calls). */
  readonly stats = { syncs: 0 };
  private readonly syncs: SyncGroup;
  private closed = false;

  constructor(
    private readonly volume: MemoryVolume,
    options: { groupCommit?: boolean } = {},
  ) {
    super();
    this.syncs = new SyncGroup(
      () =>
        new Promise<void>((resolve) =>
          setImmediate(() => {
            this.stats.syncs++;
            resolve();
          }),
        ),
      options.groupCommit ?? true,
    );
  }

  get failure(): string | undefined {
    return this.volume.failure;
  }

  retryWrites(): string | undefined {
    return this.volume.failure;
  }

  readonly sizeOnDisk = 0;

  open(): Promise<RecoveredState> {
    if (this.writer !== undefined) return Promise.reject(new StoreError("memory store is already open"));
    const index = new RecoveryIndex();
    const problems: string[] = [];
    this.volume.frames.forEach((payload, frame) => {
      index.frame(frame, 0);
      const problem = decodeRecords(payload, index);
      if (problem !== undefined) problems.push(`${problem} in memory frame ${frame}`);
    });
    this.writer = new RecordWriter(this.log(), index.maxId + 1);
    const catalog: unknown = this.volume.catalog === undefined ? undefined : JSON.parse(this.volume.catalog);
    return Promise.resolve({ catalog, queues: index.build(), problems });
  }

  async sync(): Promise<void> {
    const failuresBefore = this.volume.failures;
    this.volume.checkWritable();
    await this.syncs.sync();
    if (this.volume.failures !== failuresBefore) {
      throw new StoreUnavailableError(this.volume.failure ?? "writes failed while syncing");
    }
  }

  saveCatalog(catalog: unknown): Promise<void> {
    try {
      this.volume.checkWritable();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    this.volume.catalog = JSON.stringify(catalog);
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  protected override open$(): RecordWriter {
    if (this.writer === undefined || this.closed) throw new StoreError("memory store is not open");
    return this.writer;
  }

  /** The volume seen as the RecordWriter's log: a frame's index is its segment, payload offsets from 0. */
  private log(): RecordLog {
    const volume = this.volume;
    return {
      get failure() {
        return volume.failure;
      },
      checkWritable: () => volume.checkWritable(),
      nextPosition: () => ({ segment: volume.frames.length, offset: 0 }),
      append: (parts) => ({ segment: volume.append(parts), offset: 0 }),
      flushNow: () => undefined,
      read: (segment, offset, length) => {
        const frame = volume.frames[segment];
        if (frame === undefined || offset + length > frame.length) {
          return Promise.reject(
            new StoreError(`no stored message at memory frame ${segment} offset ${offset}`),
          );
        }
        return Promise.resolve(Buffer.from(frame.subarray(offset, offset + length)));
      },
      retain: () => undefined,
      release: () => undefined,
    };
  }
}
