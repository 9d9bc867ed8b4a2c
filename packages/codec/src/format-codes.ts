// The format codes of the primitive type encodings [AMQP 1.6] and what the decoder needs to know about
// each: the AMQP type it produces and how its width is found.
import type { AmqpTypeName } from "./amqp-value";

/** Format codes by the encoding names used in the spec's type tables [AMQP 1.6]. */
export const FormatCode = {
  described: 0x00,
  null: 0x40,
  true: 0x41,
  false: 0x42,
  uint0: 0x43,
  ulong0: 0x44,
  list0: 0x45,
  ubyte: 0x50,
  byte: 0x51,
  smalluint: 0x52,
  smallulong: 0x53,
  smallint: 0x54,
  smalllong: 0x55,
  boolean: 0x56,
  ushort: 0x60,
  short: 0x61,
  uint: 0x70,
  int: 0x71,
  float: 0x72,
  char: 0x73,
  decimal32: 0x74,
  ulong: 0x80,
  long: 0x81,
  double: 0x82,
  timestamp: 0x83,
  decimal64: 0x84,
  decimal128: 0x94,
  uuid: 0x98,
  vbin8: 0xa0,
  str8: 0xa1,
  sym8: 0xa3,
  vbin32: 0xb0,
  str32: 0xb1,
  sym32: 0xb3,
  list8: 0xc0,
  map8: 0xc1,
  list32: 0xd0,
  map32: 0xd1,
  array8: 0xe0,
  array32: 0xf0,
} as const;

const TYPE_OF_CODE = new Map<number, AmqpTypeName>([
  [0x40, "null"],
  [0x41, "boolean"],
  [0x42, "boolean"],
  [0x56, "boolean"],
  [0x50, "ubyte"],
  [0x60, "ushort"],
  [0x43, "uint"],
  [0x52, "uint"],
  [0x70, "uint"],
  [0x44, "ulong"],
  [0x53, "ulong"],
  [0x80, "ulong"],
  [0x51, "byte"],
  [0x61, "short"],
  [0x54, "int"],
  [0x71, "int"],
  [0x55, "long"],
  [0x81, "long"],
  [0x72, "float"],
  [0x82, "double"],
  [0x74, "decimal32"],
  [0x84, "decimal64"],
  [0x94, "decimal128"],
  [0x73, "char"],
  [0x83, "timestamp"],
  [0x98, "uuid"],
  [0xa0, "binary"],
  [0xb0, "binary"],
  [0xa1, "string"],
  [0xb1, "string"],
  [0xa3, "symbol"],
  [0xb3, "symbol"],
  [0x45, "list"],
  [0xc0, "list"],
  [0xd0, "list"],
  [0xc1, "map"],
  [0xd1, "map"],
  [0xe0, "array"],
  [0xf0, "array"],
]);

/** The AMQP type a format code produces, or undefined for codes this codec does not know. */
export function typeOfCode(code: number): AmqpTypeName | undefined {
  return TYPE_OF_CODE.get(code);
}

export type Layout = { kind: "fixed"; width: number } | { kind: "sized"; sizeWidth: 1 | 4 };

const FIXED_WIDTHS = [0, 1, 2, 4, 8, 16];

/**
 * The high nibble of a format code gives its width category [AMQP 1.2, table "subcategory"]: 0x4-0x9 are
 * fixed widths 0, 1, 2, 4, 8, 16; 0xa-0xf carry a one- or four-byte size (variable, compound, array).
 */
export function layoutOf(code: number): Layout {
  const nibble = code >> 4;
  if (nibble >= 0xa) return { kind: "sized", sizeWidth: nibble % 2 === 0 ? 1 : 4 };
  return { kind: "fixed", width: FIXED_WIDTHS[nibble - 4] ?? 0 };
}
