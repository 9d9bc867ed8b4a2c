// Bounded big-endian reads. Every read checks the bytes are there first, so truncated input becomes an
// AmqpDecodeError rather than a Buffer RangeError or a read past the end.
import { isUtf8 } from "node:buffer";
import { AmqpDecodeError } from "./errors";

export class ByteReader {
  /** The next byte to read. */
  pos: number;
  /** Reads stop here: the buffer end, or the end of the compound value being read. */
  protected limit: number;

  constructor(
    readonly buf: Buffer,
    offset = 0,
  ) {
    if (!Number.isInteger(offset) || offset < 0 || offset > buf.length) {
      throw new RangeError(`offset must be in 0..${buf.length}, got ${offset}`);
    }
    this.pos = offset;
    this.limit = buf.length;
  }

  get atEnd(): boolean {
    return this.pos >= this.limit;
  }

  fail(detail: string, offset = this.pos): never {
    throw new AmqpDecodeError(detail, offset);
  }

  /** Checks that `n` more bytes are available. */
  need(n: number, what: string): void {
    const left = this.limit - this.pos;
    if (n > left) this.fail(`truncated: expected ${what} (${n} bytes), ${left} available`);
  }

  u8(what = "a byte"): number {
    if (this.pos >= this.limit) this.need(1, what);
    return this.buf[this.pos++] as number;
  }

  /** The next byte without consuming it; -1 at the limit. */
  peek(): number {
    return this.pos < this.limit ? (this.buf[this.pos] as number) : -1;
  }

  i8(what: string): number {
    this.need(1, what);
    return this.buf.readInt8(this.pos++);
  }

  // Each read checks, reads and advances in place: these run for every value decoded.
  u16(what: string): number {
    this.need(2, what);
    const v = this.buf.readUInt16BE(this.pos);
    this.pos += 2;
    return v;
  }

  i16(what: string): number {
    this.need(2, what);
    const v = this.buf.readInt16BE(this.pos);
    this.pos += 2;
    return v;
  }

  u32(what: string): number {
    this.need(4, what);
    const v = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  i32(what: string): number {
    this.need(4, what);
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  u64(what: string): bigint {
    this.need(8, what);
    const v = this.buf.readBigUInt64BE(this.pos);
    this.pos += 8;
    return v;
  }

  i64(what: string): bigint {
    this.need(8, what);
    const v = this.buf.readBigInt64BE(this.pos);
    this.pos += 8;
    return v;
  }

  /** A 64-bit two's complement value as a number, or undefined when it is not a safe integer. */
  i64AsNumber(what: string): number | undefined {
    this.need(8, what);
    const high = this.buf.readInt32BE(this.pos);
    const low = this.buf.readUInt32BE(this.pos + 4);
    this.pos += 8;
    // |high| < 2^21 keeps high * 2^32 + low within ±(2^53 - 1), except for high = -2^21 (checked below).
    if (high >= 0x20_0000 || high < -0x20_0000) return undefined;
    const value = high * 0x1_0000_0000 + low;
    return Number.isSafeInteger(value) ? value : undefined;
  }

  f32(what: string): number {
    this.need(4, what);
    const v = this.buf.readFloatBE(this.pos);
    this.pos += 4;
    return v;
  }

  f64(what: string): number {
    this.need(8, what);
    const v = this.buf.readDoubleBE(this.pos);
    this.pos += 8;
    return v;
  }

  /** A copy of the next `n` bytes: decoded values never alias a buffer the caller may reuse. */
  bytes(n: number, what: string): Buffer {
    this.need(n, what);
    const out = Buffer.allocUnsafe(n);
    this.buf.copy(out, 0, this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /**
   * The next `n` bytes as UTF-8 text, failing on bytes that are not UTF-8. Decoding in place skips the view
   * a validity check needs, except when the text holds U+FFFD (a replacement, or a real one): then check.
   */
  utf8(n: number, what: string): string {
    this.need(n, what);
    const start = this.pos;
    const text = this.buf.toString("utf8", start, start + n);
    if (text.includes("\uFFFD") && !isUtf8(this.buf.subarray(start, start + n)))
      this.fail(`${what} is not valid UTF-8`, start);
    this.pos += n;
    return text;
  }

  /** The next `n` bytes one character each (latin1 keeps every byte one-to-one). */
  latin1(n: number, what: string): string {
    this.need(n, what);
    const text = this.buf.toString("latin1", this.pos, this.pos + n);
    this.pos += n;
    return text;
  }

  skip(n: number, what: string): void {
    this.need(n, what);
    this.pos += n;
  }

  /**
   * Runs `read` with reads confined to the next `size` bytes, and checks it consumed exactly those bytes
   * (a compound value's size and its contents must agree [AMQP 1.6.22-1.6.24]).
   */
  within<T>(size: number, what: string, read: () => T): T {
    const outer = this.beginWithin(size, what);
    const result = read();
    this.endWithin(outer, size, what);
    return result;
  }

  /** `within` in two halves, for hot paths that would otherwise allocate a closure: returns the outer limit. */
  protected beginWithin(size: number, what: string): number {
    this.need(size, what);
    const outer = this.limit;
    this.limit = this.pos + size;
    return outer;
  }

  /** Checks the contents ended exactly at the limit `beginWithin` set, and restores `outer`. */
  protected endWithin(outer: number, size: number, what: string): void {
    if (this.pos !== this.limit) {
      const used = size - (this.limit - this.pos);
      this.fail(`${what} declares ${size} bytes but its contents end after ${used}`);
    }
    this.limit = outer;
  }
}
