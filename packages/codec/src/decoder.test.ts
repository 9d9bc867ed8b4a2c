import { describe, expect, it } from "vitest";
import type { AmqpValue } from "./amqp-value";
import { amqp } from "./amqp";
import { AmqpReader, decode, MAX_DEPTH } from "./decoder";
import { AmqpDecodeError } from "./errors";
import { encode } from "./writer";

const bytes = (hex: string): Buffer => Buffer.from(hex.replace(/\s+/g, ""), "hex");
const roundTrip = (v: AmqpValue): AmqpValue => decode(encode(v)).value;

describe("decode: every format code, including the compact forms", () => {
  it.each<[string, AmqpValue]>([
    ["40", amqp.null],
    ["41", amqp.boolean(true)],
    ["42", amqp.boolean(false)],
    ["56 01", amqp.boolean(true)],
    ["56 00", amqp.boolean(false)],
    ["43", amqp.uint(0)],
    ["52 07", amqp.uint(7)],
    ["70 00 01 00 00", amqp.uint(65536)],
    ["44", amqp.ulong(0)],
    ["53 07", amqp.ulong(7)],
    ["80 ff ff ff ff ff ff ff ff", amqp.ulong(2n ** 64n - 1n)],
    ["50 ff", amqp.ubyte(255)],
    ["51 80", amqp.byte(-128)],
    ["60 ff ff", amqp.ushort(65535)],
    ["61 80 00", amqp.short(-32768)],
    ["54 ff", amqp.int(-1)],
    ["71 80 00 00 00", amqp.int(-(2 ** 31))],
    ["55 ff", amqp.long(-1)],
    ["81 80 00 00 00 00 00 00 00", amqp.long(-(2n ** 63n))],
    ["72 3f c0 00 00", amqp.float(1.5)],
    ["82 40 09 21 fb 54 44 2d 18", amqp.double(Math.PI)],
    ["73 00 01 f6 00", amqp.char(0x1f600)],
    ["83 00 00 01 8b cf e5 68 00", amqp.timestamp(1_700_000_000_000)],
    ["98 00112233445566778899aabbccddeeff", amqp.uuid("00112233-4455-6677-8899-aabbccddeeff")],
    ["74 01 02 03 04", amqp.decimal32(bytes("01020304"))],
    ["a0 02 ca fe", amqp.binary(bytes("cafe"))],
    ["b0 00 00 00 02 ca fe", amqp.binary(bytes("cafe"))],
    ["a1 03 e2 82 ac", amqp.string("€")],
    ["b1 00 00 00 01 61", amqp.string("a")],
    ["a3 01 61", amqp.symbol("a")],
    ["b3 00 00 00 01 61", amqp.symbol("a")],
    ["45", amqp.list([])],
    ["c0 03 02 41 40", amqp.list([amqp.boolean(true), amqp.null])],
    ["d0 00 00 00 05 00 00 00 01 43", amqp.list([amqp.uint(0)])],
    ["c1 05 02 a3 01 6b 41", amqp.map([[amqp.symbol("k"), amqp.boolean(true)]])],
    ["d1 00 00 00 04 00 00 00 00", amqp.map([])],
    ["e0 04 02 56 01 00", amqp.array("boolean", [amqp.boolean(true), amqp.boolean(false)])],
    ["f0 00 00 00 07 00 00 00 02 50 01 02", amqp.array("ubyte", [amqp.ubyte(1), amqp.ubyte(2)])],
    ["e0 02 03 43", amqp.array("uint", [amqp.uint(0), amqp.uint(0), amqp.uint(0)])],
    ["00 a3 01 78 40", amqp.described(amqp.symbol("x"), amqp.null)],
  ])("%s", (hex, expected) => {
    const { value, end } = decode(bytes(hex));
    expect(value).toEqual(expected);
    expect(end).toBe(bytes(hex).length);
  });

  it("decodes at an offset and reports where the value ends", () => {
    expect(decode(bytes("ff ff 51 05 ff"), 2)).toEqual({ value: amqp.byte(5), end: 4 });
  });

  it("reads consecutive values with an AmqpReader", () => {
    const r = new AmqpReader(bytes("51 05 a1 01 61"));
    expect(r.readValue()).toEqual(amqp.byte(5));
    expect(r.readValue()).toEqual(amqp.string("a"));
    expect(r.atEnd).toBe(true);
  });
});

describe("round trip", () => {
  const described = amqp.described(amqp.ulong(0x31), amqp.list([amqp.string("a"), amqp.int(-7)]));
  const values: AmqpValue[] = [
    amqp.null,
    amqp.boolean(false),
    amqp.ubyte(200),
    amqp.ushort(40000),
    amqp.uint(4_000_000_000),
    amqp.ulong(2n ** 64n - 1n),
    amqp.byte(-100),
    amqp.short(-30000),
    amqp.int(-2_000_000_000),
    amqp.long(2n ** 63n - 1n),
    amqp.float(-0.1),
    amqp.float(NaN),
    amqp.double(-0),
    amqp.double(Infinity),
    amqp.char("\u{10ffff}"),
    amqp.timestamp(-8_640_000_000_000_000),
    amqp.timestamp(Number.MAX_SAFE_INTEGER),
    amqp.timestamp(-Number.MAX_SAFE_INTEGER),
    amqp.timestamp(-(2 ** 32)),
    amqp.timestamp(2 ** 32 - 1),
    amqp.uuid(Buffer.alloc(16, 0xab)),
    amqp.binary(Buffer.alloc(70_000, 3)),
    amqp.string("héllo wörld ✓ \u{1f600}"),
    amqp.symbol("amqp:accepted:list"),
    amqp.decimal128(Buffer.alloc(16, 1)),
    amqp.list([amqp.list([amqp.list([])]), amqp.map([[amqp.int(1), amqp.list([amqp.null])]])]),
    amqp.map([
      [amqp.ulong(1), amqp.symbolMap({ k: amqp.array("string", [amqp.string("x")]) })],
      [amqp.list([]), described],
    ]),
    amqp.array("array", [amqp.array("int", [amqp.int(1), amqp.int(1000)]), amqp.array("symbol", [])]),
    amqp.array("map", [amqp.stringMap({ a: amqp.null }), amqp.map([])]),
    amqp.array("described", [described, amqp.described(amqp.ulong(0x31), amqp.list([]))]),
    amqp.array("described", []),
    amqp.described(amqp.symbol("outer"), amqp.described(amqp.ulong(2), described)),
    amqp.list(Array.from({ length: 300 }, (_, i) => amqp.uint(i * 1000))),
  ];

  it.each(values.map((v, i) => [i, v.type, v] as const))("value %i (%s)", (_i, _type, v) => {
    expect(roundTrip(v)).toEqual(v);
  });

  it("keeps a described value inside a described value inside a list", () => {
    const v = amqp.list([amqp.described(amqp.ulong(0x31), amqp.described(amqp.symbol("x"), amqp.byte(1)))]);
    expect(roundTrip(v)).toEqual(v);
  });

  it("decodes arrays of described elements with a shared descriptor", () => {
    const v = amqp.array("described", [amqp.described(amqp.symbol("d"), amqp.uint(1))]);
    expect(roundTrip(v)).toEqual(v);
    expect(encode(v).toString("hex")).toBe("e007010" + "0a30164520" + "1");
  });
});

describe("decode: malformed input throws AmqpDecodeError", () => {
  const fails = (hex: string, message: RegExp): void => {
    const attempt = (): unknown => decode(bytes(hex));
    expect(attempt).toThrow(AmqpDecodeError);
    expect(attempt).toThrow(message);
  };

  it("reports truncation with the offset and what was expected", () => {
    expect(() => decode(bytes("70 00 01"))).toThrow(
      new AmqpDecodeError("truncated: expected uint (4 bytes), 2 available", 1),
    );
    fails("", /expected a constructor/);
    fails("a1 05 61", /truncated: expected string/);
  });

  it("rejects unknown codes, bad booleans, bad UTF-8, odd map counts and out-of-range values", () => {
    fails("01", /unknown format code 0x01/);
    fails("56 02", /boolean byte must be 0x00 or 0x01/);
    fails("a1 02 c3 28", /not valid UTF-8/);
    fails("c1 02 01 40", /map count must be even/);
    fails("73 00 11 00 00", /not a Unicode code point/);
    fails("83 7f ff ff ff ff ff ff ff", /timestamp .* beyond a safe integer/);
    fails("83 00 20 00 00 00 00 00 00", /timestamp 9007199254740992 is beyond a safe integer/);
    fails("83 ff e0 00 00 00 00 00 00", /timestamp -9007199254740992 is beyond a safe integer/);
    fails("e0 02 01 07", /unknown format code 0x7 in array constructor/);
  });

  it("rejects compound values whose size disagrees with their contents", () => {
    fails("c0 03 01 40 40", /declares 3 bytes but its contents end after 2/);
    fails("c0 01 02 40 40", /truncated/);
    fails("c0 05 02 a1 05 61 61", /truncated: expected string/);
  });

  it("caps nesting depth and zero-width element counts", () => {
    fails("00".repeat(10_000), new RegExp(`nested deeper than ${MAX_DEPTH}`));
    const nest = (depth: number): AmqpValue => (depth === 0 ? amqp.null : amqp.list([nest(depth - 1)]));
    expect(roundTrip(nest(MAX_DEPTH - 1))).toEqual(nest(MAX_DEPTH - 1));
    expect(() => decode(encode(nest(MAX_DEPTH)))).toThrow(/nested deeper/);
    fails("f0 00 00 00 05 ff ff ff ff 40", /zero-width elements exceeds/);
  });

  it("is an Error with a name and an offset", () => {
    const e = new AmqpDecodeError("x", 3);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe("AmqpDecodeError");
    expect(e.offset).toBe(3);
    expect(e.message).toBe("x (at offset 3)");
  });
});
