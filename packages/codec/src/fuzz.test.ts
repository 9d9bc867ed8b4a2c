import { describe, expect, it } from "vitest";
import type { AmqpValue } from "./amqp-value";
import { amqp } from "./amqp";
import { decode } from "./decoder";
import { AmqpDecodeError } from "./errors";
import { decodeHeaderAndProperties, decodeMessage } from "./message-decoder";
import { encodeMessage } from "./message-sections";
import { scanSections } from "./section-scanner";
import { fullMessage } from "./test-fixtures";
import { encode } from "./writer";

/** mulberry32: a tiny seeded PRNG, so a failing case can be replayed. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs `f`; it must return or throw AmqpDecodeError, and nothing else. */
function decodesOrRejects<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    if (e instanceof AmqpDecodeError) return undefined;
    throw e;
  }
}

const message = encodeMessage({
  ...fullMessage,
  deliveryAnnotations: [
    [amqp.ulong(1), amqp.array("described", [amqp.described(amqp.symbol("d"), amqp.int(1))])],
  ],
  footer: [[amqp.symbol("f"), amqp.map([[amqp.list([]), amqp.uuid(Buffer.alloc(16))]])]],
});

const nested: AmqpValue = amqp.list([
  amqp.described(amqp.ulong(0x31), amqp.described(amqp.symbol("x"), amqp.map([[amqp.null, amqp.long(-5)]]))),
  amqp.array("array", [amqp.array("string", [amqp.string("é"), amqp.string("")])]),
  amqp.string("s".repeat(300)),
  amqp.timestamp(1),
  amqp.decimal64(Buffer.alloc(8)),
]);

// Format codes sprinkled into random input so it reaches past the first byte more often.
const CODES = [
  0x00, 0x40, 0x43, 0x45, 0x53, 0x56, 0x70, 0x73, 0x83, 0x98, 0xa1, 0xa3, 0xb0, 0xc0, 0xc1, 0xd0, 0xe0, 0xf0,
];

describe("truncated input", () => {
  it("every strict prefix of a value throws AmqpDecodeError", () => {
    const full = encode(nested);
    for (let n = 0; n < full.length; n++) {
      expect(() => decode(full.subarray(0, n))).toThrow(AmqpDecodeError);
    }
    expect(decode(full).value).toEqual(nested);
  });

  it("every prefix of a message decodes only at a section boundary, else throws AmqpDecodeError", () => {
    const boundaries = new Set([0, ...scanSections(message).map((s) => s.end)]);
    for (let n = 0; n <= message.length; n++) {
      const prefix = message.subarray(0, n);
      if (boundaries.has(n)) {
        expect(() => decodeMessage(prefix)).not.toThrow();
        expect(scanSections(prefix).length).toBeGreaterThanOrEqual(0);
      } else {
        expect(() => decodeMessage(prefix)).toThrow(AmqpDecodeError);
        expect(() => scanSections(prefix)).toThrow(AmqpDecodeError);
      }
      decodesOrRejects(() => decodeHeaderAndProperties(prefix));
    }
  });
});

describe("random input", () => {
  it("random bytes decode or throw AmqpDecodeError, and what decodes re-encodes to the same value", () => {
    const rand = prng(12345);
    let decoded = 0;
    for (let i = 0; i < 5000; i++) {
      const buf = Buffer.alloc(Math.floor(rand() * 48));
      for (let j = 0; j < buf.length; j++) {
        buf[j] = rand() < 0.4 ? (CODES[Math.floor(rand() * CODES.length)] ?? 0) : Math.floor(rand() * 256);
      }
      const result = decodesOrRejects(() => decode(buf));
      if (result) {
        decoded++;
        expect(decode(encode(result.value)).value).toEqual(result.value);
      }
      decodesOrRejects(() => decodeMessage(buf));
      decodesOrRejects(() => scanSections(buf));
      decodesOrRejects(() => decodeHeaderAndProperties(buf));
    }
    expect(decoded).toBeGreaterThan(500); // the generator does reach valid values
  });

  it("a valid message with a few corrupted bytes decodes or throws AmqpDecodeError", () => {
    const rand = prng(777);
    for (let i = 0; i < 3000; i++) {
      const buf = Buffer.from(message);
      const flips = 1 + Math.floor(rand() * 3);
      for (let k = 0; k < flips; k++) buf[Math.floor(rand() * buf.length)] = Math.floor(rand() * 256);
      const m = decodesOrRejects(() => decodeMessage(buf));
      if (m) expect(decodeMessage(encodeMessage(m))).toEqual(m);
      decodesOrRejects(() => scanSections(buf));
      decodesOrRejects(() => decodeHeaderAndProperties(buf));
    }
  });
});
