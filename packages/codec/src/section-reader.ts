// Reading the start of a top-level message section and checking the section order [AMQP 3.2]:
// header, delivery-annotations, message-annotations, properties, application-properties, body, footer.
import type { AmqpReader } from "./decoder";
import { sectionCodeOf, SectionCode as S } from "./descriptors";
import { FormatCode as F } from "./format-codes";

/** Reads `0x00 descriptor` and returns the section code it names. */
export function readSectionHead(r: AmqpReader): number {
  const start = r.pos;
  if (r.u8("a section") !== 0x00) r.fail("expected a described message section (0x00)", start);
  // Every sender we know writes the descriptor as a smallulong: read it without building a value.
  if (r.peek() === F.smallulong) {
    r.pos++;
    const small = r.u8("a section descriptor");
    if (small >= S.header && small <= S.footer) return small;
    r.fail("descriptor names no message section", start + 1);
  }
  const code = sectionCodeOf(r.readValue());
  if (code === undefined) r.fail("descriptor names no message section", start + 1);
  return code;
}

const rank = (code: number): number =>
  code <= S.applicationProperties ? code - S.header : code <= S.amqpValue ? 5 : 6;

/** Rejects sections out of order, repeated, or mixing body kinds; only data and amqp-sequence repeat. */
export class SectionOrder {
  private last = -1;

  check(r: AmqpReader, code: number, offset: number): void {
    const repeatable = code === S.data || code === S.amqpSequence;
    if (rank(code) > rank(this.last) || (code === this.last && repeatable)) {
      this.last = code;
      return;
    }
    r.fail(`section 0x${code.toString(16)} may not follow section 0x${this.last.toString(16)}`, offset);
  }
}
