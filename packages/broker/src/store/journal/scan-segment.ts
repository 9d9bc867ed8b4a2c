import { FRAME_HEADER_BYTES, FRAME_MAGIC, SEGMENT_HEADER_BYTES, checkFrame } from "./journal-format";

/** What a recovery scan found in one segment. */
export interface SegmentScan {
  readonly problems: string[];
  /** Set when the segment ends in a torn frame: the length to truncate it to before appending. */
  readonly truncateTo?: number;
}

const MAGIC_BYTES = Buffer.alloc(4);
MAGIC_BYTES.writeUInt32LE(FRAME_MAGIC, 0);

/**
 * Walks the frames of one segment (header already checked), handing each intact payload to `visit`.
 * A bad frame is either a torn tail (nothing intact follows it in the last segment: the write that a crash
 * interrupted, which was never acknowledged) or corruption (intact frames follow: the disk damaged a record
 * that was once whole). Both are reported with the file and offset; neither throws, so one bad byte never
 * stops a broker from starting with everything else.
 */
export function scanSegment(
  data: Buffer,
  file: string,
  isLast: boolean,
  visit: (payload: Buffer, offset: number) => void,
): SegmentScan {
  const problems: string[] = [];
  let offset = SEGMENT_HEADER_BYTES;
  while (offset < data.length) {
    const length = checkFrame(data, offset);
    if (length >= 0) {
      const start = offset + FRAME_HEADER_BYTES;
      visit(data.subarray(start, start + length), start);
      offset = start + length;
      continue;
    }
    const next = nextIntactFrame(data, offset + 1);
    if (next < 0 && isLast) {
      problems.push(`torn tail in ${file} at offset ${offset} (${data.length - offset} bytes dropped)`);
      return { problems, truncateTo: offset };
    }
    const resume = next < 0 ? data.length : next;
    problems.push(`corrupt record in ${file} at offset ${offset}, skipped ${resume - offset} bytes`);
    offset = resume;
  }
  return { problems };
}

/** Where the next frame whose magic, length and CRC all check out starts, or -1. */
function nextIntactFrame(data: Buffer, from: number): number {
  for (let at = data.indexOf(MAGIC_BYTES, from); at >= 0; at = data.indexOf(MAGIC_BYTES, at + 1)) {
    if (checkFrame(data, at) >= 0) return at;
  }
  return -1;
}
