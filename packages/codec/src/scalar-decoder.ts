// Decodes the bodies of the non-compound encodings [AMQP 1.6], including every compact form.
import type { AmqpValue } from "./amqp-value";
import type { ByteReader } from "./byte-reader";
import { FormatCode as F } from "./format-codes";

/** The value for format `code`, reading its body from `r`; undefined if `code` is not a scalar code. */
export function readScalar(r: ByteReader, code: number): AmqpValue | undefined {
  switch (code) {
    case F.null:
      return { type: "null" };
    case F.true:
    case F.false:
      return { type: "boolean", value: code === F.true };
    case F.boolean: {
      const b = r.u8("boolean");
      if (b > 1) r.fail(`boolean byte must be 0x00 or 0x01, got 0x${b.toString(16)}`, r.pos - 1);
      return { type: "boolean", value: b === 1 };
    }
    case F.uint0:
      return { type: "uint", value: 0 };
    case F.ulong0:
      return { type: "ulong", value: 0n };
    case F.ubyte:
      return { type: "ubyte", value: r.u8("ubyte") };
    case F.byte:
      return { type: "byte", value: r.i8("byte") };
    case F.smalluint:
      return { type: "uint", value: r.u8("smalluint") };
    case F.smallulong:
      return { type: "ulong", value: BigInt(r.u8("smallulong")) };
    case F.smallint:
      return { type: "int", value: r.i8("smallint") };
    case F.smalllong:
      return { type: "long", value: BigInt(r.i8("smalllong")) };
    case F.ushort:
      return { type: "ushort", value: r.u16("ushort") };
    case F.short:
      return { type: "short", value: r.i16("short") };
    case F.uint:
      return { type: "uint", value: r.u32("uint") };
    case F.int:
      return { type: "int", value: r.i32("int") };
    case F.float:
      return { type: "float", value: r.f32("float") };
    case F.char: {
      const cp = r.u32("char");
      if (cp > 0x10ffff) r.fail(`char 0x${cp.toString(16)} is not a Unicode code point`, r.pos - 4);
      return { type: "char", value: cp };
    }
    case F.ulong:
      return { type: "ulong", value: r.u64("ulong") };
    case F.long:
      return { type: "long", value: r.i64("long") };
    case F.double:
      return { type: "double", value: r.f64("double") };
    case F.timestamp: {
      const ms = r.i64AsNumber("timestamp");
      if (ms === undefined) {
        const wide = r.buf.readBigInt64BE(r.pos - 8);
        r.fail(`timestamp ${wide} is beyond a safe integer`, r.pos - 8);
      }
      return { type: "timestamp", value: ms };
    }
    case F.decimal32:
      return { type: "decimal32", value: r.bytes(4, "decimal32") };
    case F.decimal64:
      return { type: "decimal64", value: r.bytes(8, "decimal64") };
    case F.decimal128:
      return { type: "decimal128", value: r.bytes(16, "decimal128") };
    case F.uuid:
      return { type: "uuid", value: r.bytes(16, "uuid") };
    default:
      return readVariable(r, code);
  }
}

/** [AMQP 1.6.19-1.6.21] a one- or four-byte size, then that many bytes. */
function readVariable(r: ByteReader, code: number): AmqpValue | undefined {
  const wide = code >> 4 === 0xb;
  switch (code) {
    case F.vbin8:
    case F.vbin32:
      return { type: "binary", value: r.bytes(wide ? r.u32("binary size") : r.u8("binary size"), "binary") };
    case F.str8:
    case F.str32:
      return { type: "string", value: r.utf8(wide ? r.u32("string size") : r.u8("string size"), "string") };
    case F.sym8:
    case F.sym32:
      // latin1 keeps every byte one-to-one, so even a lax peer's non-ASCII symbol re-encodes unchanged.
      return { type: "symbol", value: r.latin1(wide ? r.u32("symbol size") : r.u8("symbol size"), "symbol") };
    default:
      return undefined;
  }
}
