import { describe, expect, it } from "vitest";
import { amqp } from "./amqp";

describe("amqp constructors", () => {
  it("accepts the ends of each integer range", () => {
    expect(amqp.byte(-128).value).toBe(-128);
    expect(amqp.byte(127).value).toBe(127);
    expect(amqp.ubyte(255).value).toBe(255);
    expect(amqp.short(-32768).value).toBe(-32768);
    expect(amqp.ushort(65535).value).toBe(65535);
    expect(amqp.int(-(2 ** 31)).value).toBe(-(2 ** 31));
    expect(amqp.uint(2 ** 32 - 1).value).toBe(2 ** 32 - 1);
    expect(amqp.long(-(2n ** 63n)).value).toBe(-(2n ** 63n));
    expect(amqp.ulong(2n ** 64n - 1n).value).toBe(2n ** 64n - 1n);
    expect(amqp.long(42)).toEqual({ type: "long", value: 42n });
  });

  it("rejects out-of-range integers with a RangeError naming the type and range", () => {
    expect(() => amqp.byte(128)).toThrow(new RangeError("byte must be an integer in -128..127, got 128"));
    expect(() => amqp.ubyte(-1)).toThrow(/ubyte must be an integer in 0\.\.255/);
    expect(() => amqp.uint(2 ** 32)).toThrow(/uint must be an integer in 0\.\.4294967295/);
    expect(() => amqp.int(1.5)).toThrow(RangeError);
    expect(() => amqp.short(32768)).toThrow(/short/);
    expect(() => amqp.ushort(NaN)).toThrow(/ushort/);
    expect(() => amqp.long(2n ** 63n)).toThrow(/long must be in/);
    expect(() => amqp.ulong(-1n)).toThrow(/ulong must be in 0\.\./);
    expect(() => amqp.ulong(2 ** 60)).toThrow(/safe integer/);
  });

  it("validates the other constrained types", () => {
    expect(() => amqp.char(0x110000)).toThrow(/char/);
    expect(amqp.char("€").value).toBe(0x20ac);
    expect(() => amqp.char("ab")).toThrow(/single code point/);
    expect(() => amqp.timestamp(2 ** 53)).toThrow(/timestamp/);
    expect(() => amqp.uuid(Buffer.alloc(15))).toThrow(/uuid must be a Buffer of exactly 16 bytes/);
    expect(amqp.uuid("00112233-4455-6677-8899-aabbccddeeff").value.toString("hex")).toBe(
      "00112233445566778899aabbccddeeff",
    );
    expect(() => amqp.uuid("not-a-uuid")).toThrow(/uuid/);
    expect(() => amqp.decimal64(Buffer.alloc(4))).toThrow(/decimal64/);
    expect(() => amqp.symbol("caf\u00e9")).toThrow(/symbol must be ASCII/);
  });

  it("rounds floats to single precision", () => {
    expect(amqp.float(0.1).value).toBe(Math.fround(0.1));
  });

  it("builds maps with symbol or string keys, in insertion order", () => {
    expect(amqp.symbolMap({ b: amqp.int(1), a: amqp.null })).toEqual({
      type: "map",
      value: [
        [
          { type: "symbol", value: "b" },
          { type: "int", value: 1 },
        ],
        [{ type: "symbol", value: "a" }, { type: "null" }],
      ],
    });
    expect(amqp.stringMap({ k: amqp.boolean(true) }).value[0]?.[0]).toEqual({ type: "string", value: "k" });
  });

  it("checks array element types", () => {
    expect(amqp.array("int", [amqp.int(1)]).elementType).toBe("int");
    expect(() => amqp.array("int", [amqp.int(1), amqp.long(1)])).toThrow(/array of int cannot hold a long/);
  });
});
