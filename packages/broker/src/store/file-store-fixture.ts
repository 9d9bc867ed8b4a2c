import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { FileMessageStore, type FileMessageStoreOptions } from "./file-message-store";
import type { RecoveredState } from "./message-store";
import type { StoreFixture } from "./message-store.contract";

/** A temporary data directory with a fake clock and injectable write/sync failures, for file-store tests. */
export interface FileStoreFixture extends StoreFixture {
  readonly directory: string;
  open(options?: Partial<FileMessageStoreOptions>): FileMessageStore;
  /** Advances the clock the once-a-second retry uses. */
  advance(ms: number): void;
  /** Deletes the directory. */
  remove(): void;
}

export function fileStoreFixture(defaults: Partial<FileMessageStoreOptions> = {}): FileStoreFixture {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "jms-ts-store-"));
  let time = 1_000_000;
  let failing: string | undefined;
  const enospc = (syscall: string): NodeJS.ErrnoException =>
    Object.assign(new Error(`ENOSPC: ${failing ?? "no space left on device"}, ${syscall}`), {
      code: "ENOSPC",
    });
  return {
    directory,
    open: (options = {}) =>
      new FileMessageStore({
        directory,
        now: () => time,
        io: {
          writeSync(fd, buffer, offset, length, position) {
            if (failing !== undefined) throw enospc("write");
            return fs.writeSync(fd, buffer, offset, length, position);
          },
          fdatasync: (fd, callback) =>
            fs.fdatasync(fd, (error) => callback(failing ? enospc("fdatasync") : error)),
        },
        ...defaults,
        ...options,
      }),
    failWrites(reason) {
      failing = reason;
      if (reason === undefined) time += 1000; // the journal retries at most once a second
    },
    advance(ms) {
      time += ms;
    },
    remove: () => fs.rmSync(directory, { recursive: true, force: true }),
  };
}

export const segmentPath = (directory: string, number: number): string =>
  path.join(directory, `journal-${String(number).padStart(10, "0")}.seg`);

/** The recovered bodies of `queueId`, as text. */
export async function recoveredBodies(
  store: FileMessageStore,
  state: RecoveredState,
  queueId: number,
): Promise<string[]> {
  const messages = state.queues.get(queueId) ?? [];
  return Promise.all(messages.map(async ({ ref }) => (await store.read(ref)).toString("utf8")));
}
