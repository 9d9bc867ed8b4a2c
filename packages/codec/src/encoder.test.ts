import { describe, expect, it } from "vitest";
import type { AmqpValue } from "./amqp-value";
import { amqp } from "./amqp";
import { AmqpWriter, encode } from "./writer";

/** Hex with the spaces removed, so expectations can be written byte by byte. */
const h = (s: string): string => s.replace(/\s+/g, "");
const enc = (v: AmqpValue): string => encode(v).toString("hex");

describe("encode: fixed-width types pick the smallest form", () => {
  it.each<[string, AmqpValue, string]>([
    ["null", amqp.null, "40"],
    ["true", amqp.boolean(true), "41"],
    ["false", amqp.boolean(false), "42"],
    ["ubyte", amqp.ubyte(255), "50 ff"],
    ["byte", amqp.byte(5), "51 05"],
    ["byte -1", amqp.byte(-1), "51 ff"],
    ["ushort", amqp.ushort(0x1234), "60 12 34"],
    ["short", amqp.short(-2), "61 ff fe"],
    ["uint 0", amqp.uint(0), "43"],
    ["uint 1", amqp.uint(1), "52 01"],
    ["uint 255", amqp.uint(255), "52 ff"],
    ["uint 256", amqp.uint(256), "70 00 00 01 00"],
    ["uint max", amqp.uint(2 ** 32 - 1), "70 ff ff ff ff"],
    ["ulong 0", amqp.ulong(0), "44"],
    ["ulong 255", amqp.ulong(255), "53 ff"],
    ["ulong 256", amqp.ulong(256), "80 00 00 00 00 00 00 01 00"],
    ["ulong max", amqp.ulong(2n ** 64n - 1n), "80 ff ff ff ff ff ff ff ff"],
    ["int 0", amqp.int(0), "54 00"],
    ["int 127", amqp.int(127), "54 7f"],
    ["int -128", amqp.int(-128), "54 80"],
    ["int 128", amqp.int(128), "71 00 00 00 80"],
    ["int -129", amqp.int(-129), "71 ff ff ff 7f"],
    ["long 127", amqp.long(127), "55 7f"],
    ["long -128", amqp.long(-128), "55 80"],
    ["long 128", amqp.long(128), "81 00 00 00 00 00 00 00 80"],
    ["long max", amqp.long(2n ** 63n - 1n), "81 7f ff ff ff ff ff ff ff"],
    ["long min", amqp.long(-(2n ** 63n)), "81 80 00 00 00 00 00 00 00"],
    ["float", amqp.float(1.5), "72 3f c0 00 00"],
    ["double", amqp.double(-2), "82 c0 00 00 00 00 00 00 00"],
    ["char", amqp.char("€"), "73 00 00 20 ac"],
    ["timestamp", amqp.timestamp(1_000), "83 00 00 00 00 00 00 03 e8"],
    ["timestamp negative", amqp.timestamp(-1), "83 ff ff ff ff ff ff ff ff"],
    ["uuid", amqp.uuid("00112233-4455-6677-8899-aabbccddeeff"), "98 00112233445566778899aabbccddeeff"],
    ["decimal32", amqp.decimal32(Buffer.from("01020304", "hex")), "74 01 02 03 04"],
    ["decimal64", amqp.decimal64(Buffer.alloc(8, 7)), "84 0707070707070707"],
    ["decimal128", amqp.decimal128(Buffer.alloc(16, 9)), "94 09090909090909090909090909090909"],
  ])("%s", (_name, value, expected) => {
    expect(enc(value)).toBe(h(expected));
  });
});

describe("encode: variable-width types", () => {
  it("uses the 8-bit size up to 255 bytes and the 32-bit size from 256", () => {
    expect(enc(amqp.string("a".repeat(255)))).toBe("a1ff" + "61".repeat(255));
    expect(enc(amqp.string("a".repeat(256)))).toBe("b100000100" + "61".repeat(256));
    expect(enc(amqp.binary(Buffer.alloc(255, 1)))).toBe("a0ff" + "01".repeat(255));
    expect(enc(amqp.binary(Buffer.alloc(256, 1)))).toBe("b000000100" + "01".repeat(256));
    expect(enc(amqp.symbol("s".repeat(255)))).toBe("a3ff" + "73".repeat(255));
    expect(enc(amqp.symbol("s".repeat(256)))).toBe("b300000100" + "73".repeat(256));
  });

  it("sizes strings in UTF-8 bytes, not characters", () => {
    expect(enc(amqp.string("é"))).toBe(h("a1 02 c3 a9"));
    expect(enc(amqp.string("€".repeat(85)))).toBe("a1ff" + "e282ac".repeat(85)); // 255 bytes
    expect(enc(amqp.string("€".repeat(86))).slice(0, 10)).toBe("b100000102"); // 258 bytes
    expect(enc(amqp.string(""))).toBe("a100");
  });
});

describe("encode: compound types", () => {
  it("writes an empty list as list0 and a small list as list8 with size and count", () => {
    expect(enc(amqp.list([]))).toBe("45");
    expect(enc(amqp.list([amqp.boolean(true)]))).toBe(h("c0 02 01 41"));
    expect(enc(amqp.list([amqp.uint(1), amqp.null]))).toBe(h("c0 04 02 52 01 40"));
  });

  it("switches list8 to list32 when the size no longer fits a byte", () => {
    // 254 content bytes: size 255 still fits list8.
    const fits = amqp.list([amqp.binary(Buffer.alloc(252))]);
    expect(enc(fits).slice(0, 6)).toBe(h("c0 ff 01"));
    const over = amqp.list([amqp.binary(Buffer.alloc(253))]);
    expect(enc(over).slice(0, 18)).toBe(h("d0 00 00 01 03 00 00 00 01"));
    expect(encode(over).length).toBe(1 + 4 + 4 + 255);
  });

  it("switches to list32 when the count no longer fits a byte", () => {
    const many = amqp.list(Array.from({ length: 256 }, () => amqp.null));
    expect(enc(many)).toBe(h("d0 00 00 01 04 00 00 01 00") + "40".repeat(256));
  });

  it("writes a map with count = 2 x entries", () => {
    expect(enc(amqp.map([]))).toBe(h("c1 01 00"));
    expect(enc(amqp.symbolMap({ a: amqp.ubyte(1) }))).toBe(h("c1 06 02 a3 01 61 50 01"));
  });

  it("writes arrays with one constructor for all elements", () => {
    expect(enc(amqp.array("int", [amqp.int(1), amqp.int(-1)]))).toBe(h("e0 04 02 54 01 ff"));
    expect(enc(amqp.array("int", [amqp.int(1), amqp.int(300)]))).toBe(
      h("e0 0a 02 71 00 00 00 01 00 00 01 2c"),
    );
    expect(enc(amqp.array("boolean", [amqp.boolean(true), amqp.boolean(false)]))).toBe(
      h("e0 04 02 56 01 00"),
    );
    expect(enc(amqp.array("symbol", [amqp.symbol("a"), amqp.symbol("bc")]))).toBe(
      h("e0 07 02 a3 01 61 02 62 63"),
    );
    expect(enc(amqp.array("uint", []))).toBe(h("e0 02 00 52"));
    expect(enc(amqp.array("list", [amqp.list([amqp.null])]))).toBe(
      h("e0 0b 01 d0 00 00 00 05 00 00 00 01 40"),
    );
  });

  it("writes arrays of described elements with the descriptor in the constructor", () => {
    const d = (n: number): AmqpValue => amqp.described(amqp.symbol("x"), amqp.ubyte(n));
    expect(enc(amqp.array("described", [d(1), d(2)]))).toBe(h("e0 08 02 00 a3 01 78 50 01 02"));
    const mixed = [d(1), amqp.described(amqp.symbol("y"), amqp.ubyte(2))];
    expect(() => encode(amqp.array("described", mixed))).toThrow(/share one descriptor/);
  });

  it("writes described values as 0x00, descriptor, value", () => {
    expect(enc(amqp.described(amqp.ulong(0x70), amqp.list([])))).toBe(h("00 53 70 45"));
    const nested = amqp.described(amqp.ulong(1), amqp.described(amqp.symbol("a"), amqp.null));
    expect(enc(nested)).toBe(h("00 53 01 00 a3 01 61 40"));
  });
});

describe("encode: validation of hand-built values", () => {
  it("rejects out-of-range values that bypassed the constructors", () => {
    expect(() => encode({ type: "ubyte", value: 256 })).toThrow(/ubyte must be an integer in 0\.\.255/);
    expect(() => encode({ type: "uuid", value: Buffer.alloc(3) })).toThrow(/uuid/);
    expect(() => encode({ type: "array", elementType: "int", value: [amqp.long(1)] })).toThrow(/cannot hold/);
    expect(() => encode({ type: "symbol", value: "\u0100" })).toThrow(/ASCII/);
  });
});

describe("AmqpWriter", () => {
  it("grows past its initial capacity and returns exactly the written bytes", () => {
    const w = new AmqpWriter(16);
    for (let i = 0; i < 100; i++) w.writeValue(amqp.uint(0x01020304));
    w.writeBytes(Buffer.from([0xaa]));
    const out = w.toBuffer();
    expect(out.length).toBe(501);
    expect(out.subarray(495).toString("hex")).toBe("7001020304aa");
  });

  it("returns a copy that later writes do not change", () => {
    const w = new AmqpWriter();
    w.writeValue(amqp.byte(1));
    const first = w.toBuffer();
    w.reset();
    w.writeValue(amqp.byte(2));
    expect(first.toString("hex")).toBe("5101");
    expect(w.toBuffer().toString("hex")).toBe("5102");
  });
});
