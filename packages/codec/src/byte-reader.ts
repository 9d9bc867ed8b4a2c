// Bounded big-endian reads. Every read checks the bytes are there first, so truncated input becomes an
// AmqpDecodeError rather than a Buffer RangeError or a read past the end.
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
    this.need(1, what);
    return this.buf.readUInt8(this.pos++);
  }

  i8(what: string): number {
    this.need(1, what);
    return this.buf.readInt8(this.pos++);
  }

  private fixed<T>(n: number, what: string, read: (at: number) => T): T {
    this.need(n, what);
    const v = read(this.pos);
    this.pos += n;
    return v;
  }

  u16(what: string): number {
    return this.fixed(2, what, (at) => this.buf.readUInt16BE(at));
  }

  i16(what: string): number {
    return this.fixed(2, what, (at) => this.buf.readInt16BE(at));
  }

  u32(what: string): number {
    return this.fixed(4, what, (at) => this.buf.readUInt32BE(at));
  }

  i32(what: string): number {
    return this.fixed(4, what, (at) => this.buf.readInt32BE(at));
  }

  u64(what: string): bigint {
    return this.fixed(8, what, (at) => this.buf.readBigUInt64BE(at));
  }

  i64(what: string): bigint {
    return this.fixed(8, what, (at) => this.buf.readBigInt64BE(at));
  }

  f32(what: string): number {
    return this.fixed(4, what, (at) => this.buf.readFloatBE(at));
  }

  f64(what: string): number {
    return this.fixed(8, what, (at) => this.buf.readDoubleBE(at));
  }

  /** A copy of the next `n` bytes: decoded values never alias a buffer the caller may reuse. */
  bytes(n: number, what: string): Buffer {
    this.need(n, what);
    const out = Buffer.from(this.buf.subarray(this.pos, this.pos + n));
    this.pos += n;
    return out;
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
    this.need(size, what);
    const outer = this.limit;
    const start = this.pos;
    this.limit = start + size;
    const result = read();
    if (this.pos !== this.limit) {
      this.fail(`${what} declares ${size} bytes but its contents end after ${this.pos - start}`);
    }
    this.limit = outer;
    return result;
  }
}
