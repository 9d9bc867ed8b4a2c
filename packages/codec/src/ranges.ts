// Range checks shared by the `amqp` constructors and the encoder, so a hand-built value object that is out
// of range fails with the same clear RangeError instead of a Buffer error or silent truncation.

const INT_RANGES = {
  ubyte: [0, 0xff],
  ushort: [0, 0xffff],
  uint: [0, 0xffffffff],
  byte: [-0x80, 0x7f],
  short: [-0x8000, 0x7fff],
  int: [-0x80000000, 0x7fffffff],
} as const;

const BIGINT_RANGES = {
  ulong: [0n, 2n ** 64n - 1n],
  long: [-(2n ** 63n), 2n ** 63n - 1n],
} as const;

export type IntTypeName = keyof typeof INT_RANGES;

/** [AMQP 1.6.3-1.6.10] fixed-width integers. */
export function checkInt(type: IntTypeName, v: number): number {
  const [lo, hi] = INT_RANGES[type];
  if (typeof v !== "number" || !Number.isInteger(v) || v < lo || v > hi) {
    throw new RangeError(`${type} must be an integer in ${lo}..${hi}, got ${String(v)}`);
  }
  return v;
}

/** [AMQP 1.6.6, 1.6.10] 64-bit integers; a number argument must be a safe integer to be exact. */
export function checkBigInt(type: keyof typeof BIGINT_RANGES, v: bigint | number): bigint {
  const [lo, hi] = BIGINT_RANGES[type];
  if (typeof v === "number") {
    if (!Number.isSafeInteger(v))
      throw new RangeError(`${type} given as a number must be a safe integer, got ${v}`);
    v = BigInt(v);
  }
  if (typeof v !== "bigint" || v < lo || v > hi) {
    throw new RangeError(`${type} must be in ${lo}..${hi}, got ${String(v)}`);
  }
  return v;
}

/** [AMQP 1.6.16] a UTF-32 code point. */
export function checkChar(v: number): number {
  if (!Number.isInteger(v) || v < 0 || v > 0x10ffff) {
    throw new RangeError(`char must be a Unicode code point in 0..0x10FFFF, got ${v}`);
  }
  return v;
}

/** [AMQP 1.6.17] int64 milliseconds; limited to what a JS number holds exactly. */
export function checkTimestamp(v: number): number {
  if (!Number.isSafeInteger(v))
    throw new RangeError(`timestamp must be a safe integer of milliseconds, got ${v}`);
  return v;
}

/** uuid and decimals are fixed-size byte strings [AMQP 1.6.13-1.6.15, 1.6.18]. */
export function checkBytes(type: string, v: Buffer, length: number): Buffer {
  if (!Buffer.isBuffer(v) || v.length !== length) {
    throw new RangeError(`${type} must be a Buffer of exactly ${length} bytes`);
  }
  return v;
}

/**
 * Symbols are ASCII [AMQP 1.6.21]. `maxCode` is 0x7f for new values; the encoder allows 0xff so that a
 * symbol decoded from a lax peer (bytes kept one-to-one as latin1) re-encodes to the same bytes.
 */
export function checkSymbol(v: string, maxCode = 0x7f): string {
  for (let i = 0; i < v.length; i++) {
    if (v.charCodeAt(i) > maxCode) {
      throw new RangeError(`symbol must be ASCII, got ${JSON.stringify(v)} (char at index ${i})`);
    }
  }
  return v;
}
