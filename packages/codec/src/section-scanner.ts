// Finds the byte ranges of the top-level sections without decoding them, so a broker can replace the
// header and forward every other byte exactly as the producer sent it.
import { AmqpReader } from "./decoder";
import { SectionCode } from "./descriptors";
import type { Header } from "./header";
import { writeHeader } from "./message-sections";
import { readSectionHead } from "./section-reader";
import { AmqpWriter } from "./writer";

/** One top-level section: its descriptor code [AMQP 3.2] and its bytes `buf.subarray(start, end)`. */
export interface SectionRange {
  code: number;
  start: number;
  end: number;
}

/** The sections of an encoded message, in wire order. Throws AmqpDecodeError if they are malformed. */
export function scanSections(buf: Buffer): SectionRange[] {
  const r = new AmqpReader(buf);
  const sections: SectionRange[] = [];
  while (!r.atEnd) {
    const start = r.pos;
    const code = readSectionHead(r);
    r.skipValue();
    sections.push({ code, start, end: r.pos });
  }
  return sections;
}

/**
 * A copy of `buf` with its header section replaced by `header`, or with `header` inserted at the front
 * when there is none [AMQP 3.2.1: the header comes first]. All other bytes are copied unchanged.
 */
export function rewriteHeader(buf: Buffer, header: Header): Buffer {
  const old = scanSections(buf).find((s) => s.code === SectionCode.header);
  const w = new AmqpWriter(buf.length + 32);
  w.writeBytes(buf.subarray(0, old?.start ?? 0));
  writeHeader(w, header);
  w.writeBytes(buf.subarray(old?.end ?? 0));
  return w.toBuffer();
}
