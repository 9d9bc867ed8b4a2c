import * as fs from "node:fs";
import * as path from "node:path";
import { StoreError } from "../message-store";
import { describeOsError } from "../os-error";
import {
  SEGMENT_HEADER_BYTES,
  decodeSegmentHeader,
  encodeSegmentHeader,
  parseSegmentFileName,
  segmentFileName,
} from "./journal-format";
import { scanSegment } from "./scan-segment";
import type { Segment } from "./segment";

/** Where an intact frame's payload is: the segment number and the payload's offset in that file. */
export interface JournalPosition {
  readonly segment: number;
  readonly offset: number;
}

export interface OpenedSegments {
  /** Oldest first; the last is open for writing. Empty for a new journal. */
  readonly segments: Segment[];
  readonly problems: string[];
  /** The highest "next id" any segment header recorded (0 for a new journal). */
  readonly nextId: number;
}

/**
 * Recovery scan: reads every segment oldest first, hands each intact frame's payload to `visit` (the payload
 * is a view of a buffer reused per segment: copy what you keep), truncates a torn tail of the last segment
 * so appends continue from the last good frame, and leaves every segment open for paging reads.
 * @throws StoreError on I/O errors or a file that is not a segment of this format.
 */
export function openSegments(
  directory: string,
  visit: (payload: Buffer, position: JournalPosition) => void,
): OpenedSegments {
  const numbers = listSegments(directory);
  const segments: Segment[] = [];
  const problems: string[] = [];
  let nextId = 0;
  try {
    numbers.forEach((number, index) => {
      const isLast = index === numbers.length - 1;
      const file = path.join(directory, segmentFileName(number));
      const data = fs.readFileSync(file);
      let size = data.length;
      const header = decodeSegmentHeader(data, file);
      if (typeof header === "string") {
        // A crash between creating the last segment and writing its header leaves a short file: a torn tail.
        if (!isLast || data.length >= SEGMENT_HEADER_BYTES) throw new StoreError(header);
        fs.writeFileSync(file, encodeSegmentHeader(nextId));
        problems.push(`torn tail in ${file} at offset 0 (${data.length} bytes dropped)`);
        size = SEGMENT_HEADER_BYTES;
      } else {
        nextId = Math.max(nextId, header);
        const scan = scanSegment(data, file, isLast, (payload, offset) =>
          visit(payload, { segment: number, offset }),
        );
        problems.push(...scan.problems);
        if (scan.truncateTo !== undefined) {
          fs.truncateSync(file, scan.truncateTo);
          size = scan.truncateTo;
        }
      }
      segments.push({ number, path: file, fd: fs.openSync(file, isLast ? "r+" : "r"), size });
    });
  } catch (error) {
    for (const segment of segments) fs.closeSync(segment.fd);
    if (error instanceof StoreError) throw error;
    throw new StoreError(`cannot read journal in ${directory}: ${describeOsError(error)}`);
  }
  return { segments, problems, nextId };
}

function listSegments(directory: string): number[] {
  try {
    return fs
      .readdirSync(directory)
      .map(parseSegmentFileName)
      .filter((number): number is number => number !== undefined)
      .sort((a, b) => a - b);
  } catch (error) {
    throw new StoreError(`cannot list ${directory}: ${describeOsError(error)}`);
  }
}
