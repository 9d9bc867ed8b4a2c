// Encodings of the non-compound types [AMQP 1.6]: which format code to use, and the bytes after it.
import type { AmqpTypeName, AmqpValue } from "./amqp-value";
import type { ByteWriter } from "./byte-writer";
import { FormatCode as F } from "./format-codes";
import { checkBigInt, checkBytes, checkChar, checkInt, checkSymbol, checkTimestamp } from "./ranges";

/** Every value that is not a list, map, array or described value. */
export type Scalar = Exclude<AmqpValue, { type: "list" | "map" | "array" | "described" }>;

// Candidate codes per type, smallest first; the first that `fits` wins.
const CANDIDATES: Partial<Record<AmqpTypeName, readonly number[]>> = {
  null: [F.null],
  boolean: [F.true, F.false, F.boolean],
  ubyte: [F.ubyte],
  ushort: [F.ushort],
  uint: [F.uint0, F.smalluint, F.uint],
  ulong: [F.ulong0, F.smallulong, F.ulong],
  byte: [F.byte],
  short: [F.short],
  int: [F.smallint, F.int],
  long: [F.smalllong, F.long],
  float: [F.float],
  double: [F.double],
  decimal32: [F.decimal32],
  decimal64: [F.decimal64],
  decimal128: [F.decimal128],
  char: [F.char],
  timestamp: [F.timestamp],
  uuid: [F.uuid],
  binary: [F.vbin8, F.vbin32],
  string: [F.str8, F.str32],
  symbol: [F.sym8, F.sym32],
};

const value = (v: Scalar): unknown => (v.type === "null" ? null : v.value);

function fits(code: number, v: Scalar): boolean {
  const x = value(v);
  switch (code) {
    case F.true:
      return x === true;
    case F.false:
      return x === false;
    case F.uint0:
      return x === 0;
    case F.ulong0:
      return x === 0n;
    case F.smalluint:
    case F.smallint:
      return (x as number) >= -0x80 && (x as number) <= (code === F.smallint ? 0x7f : 0xff);
    case F.smallulong:
    case F.smalllong:
      return (x as bigint) >= -0x80n && (x as bigint) <= (code === F.smalllong ? 0x7fn : 0xffn);
    case F.vbin8:
      return (x as Buffer).length <= 0xff;
    case F.str8:
      return Buffer.byteLength(x as string, "utf8") <= 0xff;
    case F.sym8:
      return (x as string).length <= 0xff;
    default:
      return true;
  }
}

/** Throws RangeError when a hand-built value is out of its type's range. */
function validate(v: Scalar): void {
  switch (v.type) {
    case "ubyte":
    case "ushort":
    case "uint":
    case "byte":
    case "short":
    case "int":
      return void checkInt(v.type, v.value);
    case "ulong":
    case "long":
      return void checkBigInt(v.type, v.value);
    case "char":
      return void checkChar(v.value);
    case "timestamp":
      return void checkTimestamp(v.value);
    case "uuid":
    case "decimal128":
      return void checkBytes(v.type, v.value, 16);
    case "decimal64":
      return void checkBytes(v.type, v.value, 8);
    case "decimal32":
      return void checkBytes(v.type, v.value, 4);
    case "symbol":
      return void checkSymbol(v.value, 0xff);
    case "binary":
      if (!Buffer.isBuffer(v.value)) throw new RangeError("binary must be a Buffer");
  }
}

/** The smallest encoding of one value. */
export function scalarCode(v: Scalar): number {
  validate(v);
  const candidates = CANDIDATES[v.type];
  if (!candidates) throw new RangeError(`unknown AMQP type ${JSON.stringify(v.type)}`);
  // The last candidate always fits, so find() only comes back empty for a malformed value object.
  const code = candidates.find((c) => fits(c, v));
  if (code === undefined) throw new RangeError(`cannot encode ${v.type} value ${String(value(v))}`);
  return code;
}

/**
 * The smallest single constructor that fits every element of an array. Zero-width codes (true, false,
 * uint0, ulong0) are skipped: one constructor cannot say both "true" and "false".
 */
export function arrayScalarCode(type: AmqpTypeName, items: Scalar[]): number {
  items.forEach(validate);
  const candidates = (CANDIDATES[type] ?? []).filter((c) => c === F.null || c >> 4 !== 0x4);
  const code = candidates.find((c) => items.every((v) => fits(c, v)));
  if (code === undefined) throw new RangeError(`cannot encode an array of ${type}`);
  return code;
}

function writeSize(w: ByteWriter, code: number, size: number): void {
  if (code >> 4 === 0xa) w.writeUint8(size);
  else w.writeUint32(size);
}

/** Writes the bytes that follow `code` for `v`; `code` came from scalarCode or arrayScalarCode. */
export function writeScalarBody(w: ByteWriter, code: number, v: Scalar): void {
  switch (v.type) {
    case "null":
      return;
    case "boolean":
      return code === F.boolean ? w.writeUint8(v.value ? 1 : 0) : undefined;
    case "ubyte":
      return w.writeUint8(v.value);
    case "ushort":
      return w.writeUint16(v.value);
    case "byte":
      return w.writeInt8(v.value);
    case "short":
      return w.writeInt16(v.value);
    case "uint":
      if (code === F.smalluint) w.writeUint8(v.value);
      else if (code === F.uint) w.writeUint32(v.value);
      return;
    case "ulong":
      if (code === F.smallulong) w.writeUint8(Number(v.value));
      else if (code === F.ulong) w.writeUint64(v.value);
      return;
    case "int":
      return code === F.smallint ? w.writeInt8(v.value) : w.writeInt32(v.value);
    case "long":
      return code === F.smalllong ? w.writeInt8(Number(v.value)) : w.writeInt64(v.value);
    case "float":
      return w.writeFloat(v.value);
    case "double":
      return w.writeDouble(v.value);
    case "char":
      return w.writeUint32(v.value);
    case "timestamp":
      return w.writeInt64FromNumber(v.value);
    case "uuid":
    case "decimal32":
    case "decimal64":
    case "decimal128":
      return w.writeBytes(v.value);
    case "binary":
      writeSize(w, code, v.value.length);
      return w.writeBytes(v.value);
    case "string":
    case "symbol": {
      const encoding = v.type === "string" ? "utf8" : "latin1";
      const length = Buffer.byteLength(v.value, encoding);
      writeSize(w, code, length);
      return w.writeString(v.value, length, encoding);
    }
  }
}
