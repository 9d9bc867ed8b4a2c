import * as fs from "node:fs";
import * as path from "node:path";
import { StoreError } from "../message-store";
import { describeOsError } from "../os-error";
import { encodeSegmentHeader, segmentFileName } from "./journal-format";

/** One open segment file. `size` counts only bytes a write has confirmed (the last good offset). */
export interface Segment {
  readonly number: number;
  readonly path: string;
  readonly fd: number;
  size: number;
}

/** The file operations the journal writes through; tests replace some to inject failures. */
export interface JournalIo {
  writeSync(fd: number, buffer: Buffer, offset: number, length: number, position: number): number;
  ftruncateSync(fd: number, length: number): void;
  fdatasync(fd: number, callback: (error: NodeJS.ErrnoException | null) => void): void;
}

export const nodeIo: JournalIo = {
  writeSync: (fd, buffer, offset, length, position) => fs.writeSync(fd, buffer, offset, length, position),
  ftruncateSync: (fd, length) => fs.ftruncateSync(fd, length),
  fdatasync: (fd, callback) => fs.fdatasync(fd, callback),
};

/** Writes all of `data` at `position`: writeSync may write less than asked. */
export function writeFully(io: JournalIo, fd: number, data: Buffer, position: number): void {
  let done = 0;
  while (done < data.length) done += io.writeSync(fd, data, done, data.length - done, position + done);
}

/**
 * Creates segment `number` with its header. Not O_EXCL: the number is one past every segment the scan found,
 * so no journal data can be in the way (and a test can put a symlink to /dev/full there to get ENOSPC).
 * On failure the half-made file is removed, so a retry starts clean.
 * @throws StoreError naming the file and the OS reason.
 */
export function createSegment(directory: string, number: number, nextId: number, io: JournalIo): Segment {
  const file = path.join(directory, segmentFileName(number));
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o644);
    const stat = fs.fstatSync(fd);
    if (stat.isFile() && stat.size > 0) throw new Error(`${file} already exists`);
    const header = encodeSegmentHeader(nextId);
    writeFully(io, fd, header, 0);
    return { number, path: file, fd, size: header.length };
  } catch (error) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(file, { force: true });
    throw new StoreError(`cannot write ${file}: ${describeOsError(error)}`);
  }
}

/** Reads `length` bytes at `position` with pread on the threadpool (paging must not block the loop). */
export async function readAt(segment: Segment, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const read = await new Promise<number>((resolve, reject) => {
      fs.read(segment.fd, buffer, done, length - done, position + done, (error, bytes) =>
        error ? reject(error) : resolve(bytes),
      );
    });
    if (read === 0) {
      throw new StoreError(`cannot read ${segment.path}: ${length} bytes at ${position} are past its end`);
    }
    done += read;
  }
  return buffer;
}

/** fsync of the directory, so a created, renamed or deleted file's name survives a power cut. */
export async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await fs.promises.open(directory, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw new StoreError(`cannot sync directory ${directory}: ${describeOsError(error)}`);
  }
}

/** fdatasync on the threadpool. @throws StoreError naming the file. */
export function datasync(io: JournalIo, segment: Segment): Promise<void> {
  return new Promise((resolve, reject) => {
    io.fdatasync(segment.fd, (error) =>
      error ? reject(new StoreError(`cannot sync ${segment.path}: ${describeOsError(error)}`)) : resolve(),
    );
  });
}
