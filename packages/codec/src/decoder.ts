// Decodes AMQP values [AMQP 1.2, 1.6]. Nesting is capped so hostile input cannot exhaust the stack, and
// every loop consumes input or is bounded, so decoding always ends.
import type { AmqpTypeName, AmqpValue } from "./amqp-value";
import { ByteReader } from "./byte-reader";
import { FormatCode as F, layoutOf, typeOfCode } from "./format-codes";
import { readScalar } from "./scalar-decoder";

/** A constructor as read from the wire: a format code, or a descriptor over an inner constructor. */
type Constructor = { code: number } | { descriptor: AmqpValue; inner: Constructor };

/** Deeper nesting than this is treated as malformed. */
export const MAX_DEPTH = 128;
/** Elements of zero width cost no bytes, so their count is capped instead. */
export const MAX_ZERO_WIDTH_ELEMENTS = 1 << 16;

export class AmqpReader extends ByteReader {
  private depth = 0;

  /** Reads one value (constructor and body). */
  readValue(): AmqpValue {
    this.enter();
    const code = this.u8("a constructor");
    // Plain values (nearly all) are read by their code, without a constructor object.
    const value =
      code === F.described ? this.readBody(this.readDescribedConstructor()) : this.readCoded(code);
    this.depth--;
    return value;
  }

  /** Skips one value without building it, checking only that its bytes are present. */
  skipValue(): void {
    this.enter();
    const code = this.u8("a constructor");
    if (code === F.described) {
      this.skipValue(); // the descriptor
      this.skipValue(); // the value, which has its own constructor
    } else {
      if (typeOfCode(code) === undefined) this.unknown(code);
      const layout = layoutOf(code);
      if (layout.kind === "fixed") this.skip(layout.width, "a fixed-width value");
      else this.skip(layout.sizeWidth === 1 ? this.u8("a size") : this.u32("a size"), "a sized value");
    }
    this.depth--;
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) this.fail(`values nested deeper than ${MAX_DEPTH}`);
  }

  private unknown(code: number): never {
    this.fail(`unknown format code 0x${code.toString(16).padStart(2, "0")}`, this.pos - 1);
  }

  /** [AMQP 1.2] constructor = format-code | 0x00 descriptor constructor. */
  private readConstructor(): Constructor {
    const code = this.u8("a constructor");
    return code === F.described ? this.readDescribedConstructor() : { code };
  }

  /** The rest of a constructor after its 0x00: the descriptor and the inner constructor. */
  private readDescribedConstructor(): Constructor {
    this.enter();
    const descriptor = this.readValue();
    const inner = this.readConstructor();
    this.depth--;
    return { descriptor, inner };
  }

  private readBody(ctor: Constructor): AmqpValue {
    if (!("code" in ctor))
      return { type: "described", descriptor: ctor.descriptor, value: this.readBody(ctor.inner) };
    return this.readCoded(ctor.code);
  }

  /** The value of format `code` (not 0x00), reading its body. */
  private readCoded(code: number): AmqpValue {
    switch (code) {
      case F.list0:
        return { type: "list", value: [] };
      case F.list8:
      case F.list32: {
        const size = this.size(code, "list size");
        const outer = this.beginWithin(size, "list");
        const value = this.readItems(this.count(code));
        this.endWithin(outer, size, "list");
        return { type: "list", value };
      }
      case F.map8:
      case F.map32: {
        const size = this.size(code, "map size");
        const outer = this.beginWithin(size, "map");
        const value = this.readEntries(code);
        this.endWithin(outer, size, "map");
        return { type: "map", value };
      }
      case F.array8:
      case F.array32: {
        const size = this.size(code, "array size");
        const outer = this.beginWithin(size, "array");
        const value = this.readArray(code);
        this.endWithin(outer, size, "array");
        return value;
      }
      default:
        return readScalar(this, code) ?? this.unknown(code);
    }
  }

  /** A compound value's size field: one byte for the 8-bit forms (0xc_, 0xe_), else four. */
  private size(code: number, what: string): number {
    return code >> 4 === 0xc || code >> 4 === 0xe ? this.u8(what) : this.u32(what);
  }

  private count(code: number): number {
    return this.size(code, "count");
  }

  // Each item takes at least one byte, so a lying count runs out of bytes rather than looping on.
  private readItems(count: number): AmqpValue[] {
    const items: AmqpValue[] = [];
    for (let i = 0; i < count; i++) items.push(this.readValue());
    return items;
  }

  private readEntries(code: number): Array<[AmqpValue, AmqpValue]> {
    const countAt = this.pos;
    const count = this.count(code);
    if (count % 2 !== 0) this.fail(`map count must be even, got ${count}`, countAt);
    const entries: Array<[AmqpValue, AmqpValue]> = [];
    for (let i = 0; i < count; i += 2) entries.push([this.readValue(), this.readValue()]);
    return entries;
  }

  /** [AMQP 1.6.24] count, one element constructor, then the element bodies. */
  private readArray(code: number): AmqpValue {
    const count = this.count(code);
    this.enter();
    const ctor = this.readConstructor();
    const base = baseCode(ctor);
    const layout = layoutOf(base);
    if (layout.kind === "fixed" && layout.width === 0 && count > MAX_ZERO_WIDTH_ELEMENTS) {
      this.fail(`array of ${count} zero-width elements exceeds ${MAX_ZERO_WIDTH_ELEMENTS}`);
    }
    const baseType = typeOfCode(base);
    if (baseType === undefined) this.fail(`unknown format code 0x${base.toString(16)} in array constructor`);
    const elementType: AmqpTypeName = "code" in ctor ? baseType : "described";
    const value: AmqpValue[] = [];
    for (let i = 0; i < count; i++) value.push(this.readBody(ctor));
    this.depth--;
    return { type: "array", elementType, value };
  }
}

function baseCode(ctor: Constructor): number {
  return "code" in ctor ? ctor.code : baseCode(ctor.inner);
}

/** Decodes one value at `offset`; `end` is the offset just after it. */
export function decode(buf: Buffer, offset = 0): { value: AmqpValue; end: number } {
  const reader = new AmqpReader(buf, offset);
  const value = reader.readValue();
  return { value, end: reader.pos };
}
