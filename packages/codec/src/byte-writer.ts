// A growable big-endian byte buffer [AMQP 1.2: all multi-byte values are network byte order]. It grows by
// doubling with allocUnsafe: every byte handed out has been written, so zero-filling would be wasted work.

export class ByteWriter {
  private buf: Buffer;
  private pos = 0;

  constructor(initialCapacity = 256) {
    this.buf = Buffer.allocUnsafe(Math.max(16, initialCapacity));
  }

  /** Bytes written so far. */
  get length(): number {
    return this.pos;
  }

  /** Bytes the writer can hold before it grows. */
  get capacity(): number {
    return this.buf.length;
  }

  /** Forgets the written bytes but keeps the capacity, for reuse. */
  reset(): void {
    this.pos = 0;
  }

  private ensure(n: number): void {
    const needed = this.pos + n;
    if (needed <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < needed) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  writeUint8(v: number): void {
    this.ensure(1);
    this.pos = this.buf.writeUInt8(v, this.pos);
  }

  writeInt8(v: number): void {
    this.ensure(1);
    this.pos = this.buf.writeInt8(v, this.pos);
  }

  writeUint16(v: number): void {
    this.ensure(2);
    this.pos = this.buf.writeUInt16BE(v, this.pos);
  }

  writeInt16(v: number): void {
    this.ensure(2);
    this.pos = this.buf.writeInt16BE(v, this.pos);
  }

  writeUint32(v: number): void {
    this.ensure(4);
    this.pos = this.buf.writeUInt32BE(v, this.pos);
  }

  writeInt32(v: number): void {
    this.ensure(4);
    this.pos = this.buf.writeInt32BE(v, this.pos);
  }

  writeUint64(v: bigint): void {
    this.ensure(8);
    this.pos = this.buf.writeBigUInt64BE(v, this.pos);
  }

  writeInt64(v: bigint): void {
    this.ensure(8);
    this.pos = this.buf.writeBigInt64BE(v, this.pos);
  }

  /** A safe integer as a 64-bit two's complement value, without a BigInt (timestamps, one per message). */
  writeInt64FromNumber(v: number): void {
    this.ensure(8);
    const high = Math.floor(v / 0x1_0000_0000);
    this.buf.writeInt32BE(high, this.pos);
    this.buf.writeUInt32BE(v - high * 0x1_0000_0000, this.pos + 4);
    this.pos += 8;
  }

  writeFloat(v: number): void {
    this.ensure(4);
    this.pos = this.buf.writeFloatBE(v, this.pos);
  }

  writeDouble(v: number): void {
    this.ensure(8);
    this.pos = this.buf.writeDoubleBE(v, this.pos);
  }

  writeBytes(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /** Writes `byteLength` bytes of `s` (the caller measured it with Buffer.byteLength in that encoding). */
  writeString(s: string, byteLength: number, encoding: "utf8" | "latin1"): void {
    this.ensure(byteLength);
    this.pos += this.buf.write(s, this.pos, byteLength, encoding);
  }

  /** Overwrites one byte already written, for sizes known only after the contents. */
  patchUint8(at: number, v: number): void {
    this.buf.writeUInt8(v, at);
  }

  patchUint32(at: number, v: number): void {
    this.buf.writeUInt32BE(v, at);
  }

  /** Removes `gap` bytes at `at`, moving the later bytes down (used to shrink a reserved 32-bit header). */
  removeGap(at: number, gap: number): void {
    this.buf.copyWithin(at, at + gap, this.pos);
    this.pos -= gap;
  }

  /** A copy of the bytes written since `start` (default: all of them). */
  toBuffer(start = 0): Buffer {
    return Buffer.from(this.buf.subarray(start, this.pos));
  }
}
