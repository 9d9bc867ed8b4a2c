// Constructors for AmqpValue. They validate ranges up front so a bad value fails where it is built, with a
// RangeError naming the type and its allowed range.
import type { AmqpTypeName, AmqpValue, AmqpValueOf } from "./amqp-value";
import type { IntTypeName } from "./ranges";
import { checkBigInt, checkBytes, checkChar, checkInt, checkSymbol, checkTimestamp } from "./ranges";

const int =
  <T extends IntTypeName>(type: T) =>
  (v: number): AmqpValueOf<T> => ({ type, value: checkInt(type, v) });

const bytes =
  <T extends "decimal32" | "decimal64" | "decimal128">(type: T, length: number) =>
  (v: Buffer): AmqpValueOf<T> => ({ type, value: checkBytes(type, v, length) });

function uuid(v: Buffer | string): AmqpValueOf<"uuid"> {
  if (typeof v === "string") {
    const hex = v.replace(/-/g, "");
    if (!/^[0-9a-f]{32}$/i.test(hex)) throw new RangeError(`uuid string must be 32 hex digits, got ${v}`);
    return { type: "uuid", value: Buffer.from(hex, "hex") };
  }
  return { type: "uuid", value: checkBytes("uuid", v, 16) };
}

function char(v: number | string): AmqpValueOf<"char"> {
  if (typeof v === "string") {
    const cp = v.codePointAt(0);
    if (cp === undefined || String.fromCodePoint(cp) !== v) {
      throw new RangeError(`char must be a single code point, got ${JSON.stringify(v)}`);
    }
    v = cp;
  }
  return { type: "char", value: checkChar(v) };
}

function symbol(v: string): AmqpValueOf<"symbol"> {
  return { type: "symbol", value: checkSymbol(v) };
}

function array(elementType: AmqpTypeName, items: AmqpValue[]): AmqpValueOf<"array"> {
  items.forEach((item, i) => {
    if (item.type !== elementType) {
      throw new RangeError(`array of ${elementType} cannot hold a ${item.type} (element ${i})`);
    }
  });
  return { type: "array", elementType, value: items };
}

const keyed =
  (key: (k: string) => AmqpValue) =>
  (record: Record<string, AmqpValue>): AmqpValueOf<"map"> => ({
    type: "map",
    value: Object.entries(record).map(([k, v]): [AmqpValue, AmqpValue] => [key(k), v]),
  });

/** Builds AmqpValues: `amqp.byte(5)`, `amqp.symbolMap({ "x-opt-foo": amqp.string("bar") })`. */
export const amqp = {
  /** The null value (a shared frozen object). */
  null: Object.freeze({ type: "null" }) as AmqpValueOf<"null">,
  boolean: (v: boolean): AmqpValueOf<"boolean"> => ({ type: "boolean", value: v }),
  ubyte: int("ubyte"),
  ushort: int("ushort"),
  uint: int("uint"),
  ulong: (v: bigint | number): AmqpValueOf<"ulong"> => ({ type: "ulong", value: checkBigInt("ulong", v) }),
  byte: int("byte"),
  short: int("short"),
  int: int("int"),
  long: (v: bigint | number): AmqpValueOf<"long"> => ({ type: "long", value: checkBigInt("long", v) }),
  /** Rounded to single precision now, so the value compares equal after a round trip. */
  float: (v: number): AmqpValueOf<"float"> => ({ type: "float", value: Math.fround(v) }),
  double: (v: number): AmqpValueOf<"double"> => ({ type: "double", value: v }),
  /** A code point number, or a one-character string. */
  char,
  timestamp: (ms: number): AmqpValueOf<"timestamp"> => ({ type: "timestamp", value: checkTimestamp(ms) }),
  /** 16 bytes, or the usual 8-4-4-4-12 hex form. */
  uuid,
  binary: (v: Buffer): AmqpValueOf<"binary"> => ({ type: "binary", value: v }),
  string: (v: string): AmqpValueOf<"string"> => ({ type: "string", value: v }),
  symbol,
  decimal32: bytes("decimal32", 4),
  decimal64: bytes("decimal64", 8),
  decimal128: bytes("decimal128", 16),
  list: (items: AmqpValue[]): AmqpValueOf<"list"> => ({ type: "list", value: items }),
  map: (entries: Array<[AmqpValue, AmqpValue]>): AmqpValueOf<"map"> => ({ type: "map", value: entries }),
  /** A map with symbol keys (annotations use these [AMQP 3.2.10]). */
  symbolMap: keyed(symbol),
  /** A map with string keys (application-properties [AMQP 3.2.5]). */
  stringMap: keyed((k) => ({ type: "string", value: k })),
  array,
  described: (descriptor: AmqpValue, value: AmqpValue): AmqpValueOf<"described"> => ({
    type: "described",
    descriptor,
    value,
  }),
};
