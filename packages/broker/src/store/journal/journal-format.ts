import { crc32 } from "./crc32";

/**
 * The journal's on-disk layout (all integers little-endian):
 *
 * Segment file `journal-<10-digit number>.seg`, numbers increasing from 1:
 *   header (16 bytes): magic u32 = 0x4C4E524A ("JRNL" as bytes), format version u32 = 1,
 *                      next message id u64 when the segment was created (so ids keep increasing even when
 *                      every record that named a high id has been compacted away)
 *   then frames back to back.
 * Frame: magic u32 = 0xE7C3A5F1, payload length u32, CRC-32 (IEEE) of the payload u32, payload.
 * The payload is opaque to the journal (see ../record-codec.ts); one frame is applied whole or not at all.
 */
export const SEGMENT_MAGIC = 0x4c4e524a;
export const FORMAT_VERSION = 1;
export const SEGMENT_HEADER_BYTES = 16;
export const FRAME_MAGIC = 0xe7c3a5f1;
export const FRAME_HEADER_BYTES = 12;
export const MAX_PAYLOAD_BYTES = 0xffff_ffff;

const SEGMENT_NAME = /^journal-(\d{10})\.seg$/;

export function segmentFileName(segment: number): string {
  return `journal-${String(segment).padStart(10, "0")}.seg`;
}

/** The segment number of a journal file name, or undefined for any other file in the directory. */
export function parseSegmentFileName(name: string): number | undefined {
  const match = SEGMENT_NAME.exec(name);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

export function encodeSegmentHeader(nextId: number): Buffer {
  const header = Buffer.alloc(SEGMENT_HEADER_BYTES);
  header.writeUInt32LE(SEGMENT_MAGIC, 0);
  header.writeUInt32LE(FORMAT_VERSION, 4);
  header.writeBigUInt64LE(BigInt(nextId), 8);
  return header;
}

/** The header's next id, or a sentence saying why this is not a segment this code can read. */
export function decodeSegmentHeader(header: Buffer, file: string): number | string {
  if (header.length < SEGMENT_HEADER_BYTES || header.readUInt32LE(0) !== SEGMENT_MAGIC) {
    return `${file} is not a jms-ts journal segment (bad magic); move it out of the data directory`;
  }
  const version = header.readUInt32LE(4);
  if (version !== FORMAT_VERSION) {
    return `${file} has journal format version ${version}; this broker reads version ${FORMAT_VERSION}`;
  }
  return Number(header.readBigUInt64LE(8));
}

export function encodeFrameHeader(parts: readonly Buffer[]): Buffer {
  let length = 0;
  let crc = 0;
  for (const part of parts) {
    length += part.length;
    crc = crc32(part, crc);
  }
  if (length > MAX_PAYLOAD_BYTES) throw new RangeError(`journal record of ${length} bytes exceeds 4 GiB`);
  const header = Buffer.alloc(FRAME_HEADER_BYTES);
  header.writeUInt32LE(FRAME_MAGIC, 0);
  header.writeUInt32LE(length, 4);
  header.writeUInt32LE(crc, 8);
  return header;
}

/** The payload length of a whole, intact frame starting at `offset` of `data`, or -1. */
export function checkFrame(data: Buffer, offset: number): number {
  if (offset + FRAME_HEADER_BYTES > data.length || data.readUInt32LE(offset) !== FRAME_MAGIC) return -1;
  const length = data.readUInt32LE(offset + 4);
  const start = offset + FRAME_HEADER_BYTES;
  if (start + length > data.length) return -1;
  return crc32(data.subarray(start, start + length)) === data.readUInt32LE(offset + 8) ? length : -1;
}
