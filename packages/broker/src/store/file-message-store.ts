import * as fs from "node:fs";
import * as path from "node:path";
import { writeCatalogFile, readCatalogFile } from "./catalog-file";
import { segmentFileName } from "./journal/journal-format";
import { Journal } from "./journal/journal";
import type { JournalIo } from "./journal/segment";
import { StoreError, type MessageStore, type RecoveredState } from "./message-store";
import { describeOsError } from "./os-error";
import { decodeRecords } from "./record-codec";
import { RecordWriter } from "./record-writer";
import { RecoveryIndex } from "./recovery-index";
import { RecordWriterStore } from "./record-writer-store";
import { acquireStoreLock, type StoreLock } from "./store-lock";

export interface FileMessageStoreOptions {
  /** The data directory; created (with parents) when missing. */
  readonly directory: string;
  /** Journal segment size before rolling to a new file. Default 64 MiB. */
  readonly segmentBytes?: number;
  /** Concurrent sync() calls share one fdatasync (default true; false only to measure the difference). */
  readonly groupCommit?: boolean;
  /** How long open() waits for another broker to release the directory. Default 0. */
  readonly lockWaitMs?: number;
  /** Clock for the once-a-second write retry after a failure (tests). */
  readonly now?: () => number;
  /** File operations to wrap (tests inject write failures). */
  readonly io?: Partial<JournalIo>;
}

/** The durable store: a segmented journal, a catalog file and a lock file in one directory. */
export class FileMessageStore extends RecordWriterStore implements MessageStore {
  readonly kind = "file";
  private readonly journal: Journal;
  private lock: StoreLock | undefined;
  private catalogWrites: Promise<void> = Promise.resolve();
  private closing: Promise<void> | undefined;

  constructor(private readonly options: FileMessageStoreOptions) {
    super();
    this.journal = new Journal({
      directory: options.directory,
      nextId: () => this.writer?.nextId ?? 0,
      ...(options.segmentBytes === undefined ? {} : { segmentBytes: options.segmentBytes }),
      ...(options.groupCommit === undefined ? {} : { groupCommit: options.groupCommit }),
      ...(options.now === undefined ? {} : { now: options.now }),
      ...(options.io === undefined ? {} : { io: options.io }),
    });
  }

  /** fdatasync calls made so far (group commit makes this smaller than the number of sync() calls). */
  get stats(): { readonly syncs: number } {
    return this.journal.stats;
  }

  get failure(): string | undefined {
    return this.journal.failure;
  }

  retryWrites(): string | undefined {
    return this.journal.retryWrites();
  }

  get sizeOnDisk(): number {
    return this.journal.sizeOnDisk;
  }

  /** Journal segment numbers on disk, oldest first (tests, monitoring). */
  get segments(): number[] {
    return this.journal.segmentNumbers;
  }

  async open(): Promise<RecoveredState> {
    if (this.writer !== undefined) throw new StoreError(`store ${this.options.directory} is already open`);
    const directory = this.options.directory;
    makeDirectory(directory);
    this.lock = await acquireStoreLock(directory, this.options.lockWaitMs ?? 0);
    try {
      const catalog = readCatalogFile(directory);
      const index = new RecoveryIndex();
      const problems: string[] = [];
      const opened = this.journal.open((payload, position) => {
        index.frame(position.segment, position.offset);
        const problem = decodeRecords(payload, index);
        if (problem !== undefined) {
          const file = path.join(directory, segmentFileName(position.segment));
          problems.push(`${problem} in ${file} at offset ${position.offset}`);
        }
      });
      const queues = index.build();
      this.writer = new RecordWriter(this.journal, Math.max(index.maxId + 1, opened.nextId));
      // Live counts are recomputed from what survived: one reference per (queue, message).
      for (const messages of queues.values())
        for (const { ref } of messages) this.journal.retain(ref.segment);
      this.journal.compact();
      if (this.lock.takenOver !== undefined) problems.unshift(this.lock.takenOver);
      return { catalog, queues, problems: [...opened.problems, ...problems] };
    } catch (error) {
      await this.journal.close();
      this.lock.release();
      throw error;
    }
  }

  sync(): Promise<void> {
    return this.journal.sync();
  }

  saveCatalog(catalog: unknown): Promise<void> {
    let synced: Promise<void>;
    try {
      synced = writeCatalogFile(this.options.directory, catalog);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    this.catalogWrites = this.catalogWrites.then(() => synced.catch(() => undefined));
    return synced;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.catalogWrites;
      if (this.writer === undefined) return;
      await this.journal.close();
      this.lock?.release();
    })();
    return this.closing;
  }

  protected override open$(): RecordWriter {
    if (this.writer === undefined || this.closing !== undefined) {
      throw new StoreError(`store ${this.options.directory} is not open`);
    }
    return this.writer;
  }
}

/** Creates the data directory; a path that is a file or cannot be created is a StoreError naming it. */
function makeDirectory(directory: string): void {
  try {
    fs.mkdirSync(directory, { recursive: true });
    if (!fs.statSync(directory).isDirectory())
      throw Object.assign(new Error("ENOTDIR: not a directory"), { code: "ENOTDIR" });
  } catch (error) {
    throw new StoreError(`cannot use data directory ${directory}: ${describeOsError(error)}`);
  }
}
