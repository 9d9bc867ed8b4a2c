// Encodes any AmqpValue, picking the smallest encoding [AMQP 1.6]. Compound values reserve a 32-bit header,
// write their contents, then shrink to the 8-bit form when size and count fit in a byte.
import type { AmqpTypeName, AmqpValue, AmqpValueOf } from "./amqp-value";
import { ByteWriter } from "./byte-writer";
import { FormatCode as F } from "./format-codes";
import type { Scalar } from "./scalar-encoder";
import { arrayScalarCode, scalarCode, writeScalarBody } from "./scalar-encoder";
import { checkSymbol } from "./ranges";

/** An array's single element constructor: a format code, or a descriptor over an inner constructor. */
type ElementConstructor = { code: number } | { descriptor: AmqpValue; inner: ElementConstructor };

type Described = AmqpValueOf<"described">;

const LIST = { small: F.list8, large: F.list32 };
const MAP = { small: F.map8, large: F.map32 };
const ARRAY = { small: F.array8, large: F.array32 };

/** Writes one value with its constructor. */
export function writeValue(w: ByteWriter, v: AmqpValue): void {
  switch (v.type) {
    case "described":
      // [AMQP 1.2] a described type: 0x00, the descriptor, then the value with its own constructor.
      w.writeUint8(F.described);
      writeValue(w, v.descriptor);
      return writeValue(w, v.value);
    case "list":
      if (v.value.length === 0) return w.writeUint8(F.list0);
      return writeCompound(w, v, LIST);
    case "map":
      return writeCompound(w, v, MAP);
    case "array":
      return writeCompound(w, v, ARRAY);
    case "string":
    case "symbol":
    case "binary":
      return writeVariable(w, v);
    default: {
      const code = scalarCode(v);
      w.writeUint8(code);
      writeScalarBody(w, code, v);
    }
  }
}

/**
 * A string, symbol or binary in its smallest form [AMQP 1.6.19-1.6.21], measuring a string once (these
 * are most of what a message's sections hold).
 */
function writeVariable(w: ByteWriter, v: AmqpValueOf<"string" | "symbol" | "binary">): void {
  if (v.type === "binary") {
    if (!Buffer.isBuffer(v.value)) throw new RangeError("binary must be a Buffer");
    writeCodeAndSize(w, F.vbin8, F.vbin32, v.value.length);
    return w.writeBytes(v.value);
  }
  if (v.type === "symbol") checkSymbol(v.value, 0xff);
  const encoding = v.type === "string" ? "utf8" : "latin1";
  const length = Buffer.byteLength(v.value, encoding);
  if (v.type === "string") writeCodeAndSize(w, F.str8, F.str32, length);
  else writeCodeAndSize(w, F.sym8, F.sym32, length);
  w.writeString(v.value, length, encoding);
}

/** The one-byte-size code and size when `length` fits in a byte, else the four-byte ones. */
function writeCodeAndSize(w: ByteWriter, small: number, large: number, length: number): void {
  if (length <= 0xff) {
    w.writeUint8(small);
    w.writeUint8(length);
  } else {
    w.writeUint8(large);
    w.writeUint32(length);
  }
}

function writeItems(w: ByteWriter, items: AmqpValue[]): void {
  for (let i = 0; i < items.length; i++) writeValue(w, items[i] as AmqpValue);
}

function writeEntries(w: ByteWriter, entries: Array<[AmqpValue, AmqpValue]>): void {
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as [AmqpValue, AmqpValue];
    writeValue(w, entry[0]);
    writeValue(w, entry[1]);
  }
}

type SizedCodes = { small: number; large: number } | null;

/** A list, map or array: constructor (`codes`; null for an array element, which has none), size, count, contents. */
function writeCompound(w: ByteWriter, v: AmqpValueOf<"list" | "map" | "array">, codes: SizedCodes): void {
  // An array's constructor is chosen (and its elements checked) before anything is written.
  const ctor = v.type === "array" ? elementConstructor(v.elementType, v.value) : undefined;
  const at = beginSized(w, codes);
  switch (v.type) {
    case "list":
      writeItems(w, v.value);
      return endSized(w, codes, at, v.value.length);
    case "map":
      writeEntries(w, v.value);
      return endSized(w, codes, at, v.value.length * 2);
    case "array":
      writeArrayContents(w, ctor as ElementConstructor, v.value);
      return endSized(w, codes, at, v.value.length);
  }
}

/**
 * Starts a compound value: its constructor (unless `codes` is null: an array element) and room for a 32-bit
 * size and count. Returns where the value starts, for `endSized`.
 */
function beginSized(w: ByteWriter, codes: SizedCodes): number {
  const start = w.length;
  if (codes) w.writeUint8(codes.large);
  w.writeUint32(0);
  w.writeUint32(0);
  return start;
}

/**
 * Fills in size and count [AMQP 1.6.22-1.6.24] once the contents are written; the size counts the bytes after
 * the size field. A value with a constructor shrinks to the 8-bit form when size and count fit in a byte.
 */
function endSized(w: ByteWriter, codes: SizedCodes, start: number, count: number): void {
  const sizeAt = codes ? start + 1 : start;
  const contentLength = w.length - sizeAt - 8;
  if (codes && count <= 0xff && contentLength + 1 <= 0xff) {
    w.patchUint8(start, codes.small);
    w.patchUint8(sizeAt, contentLength + 1);
    w.patchUint8(sizeAt + 1, count);
    w.removeGap(sizeAt + 2, 6);
  } else {
    if (contentLength + 4 > 0xffffffff) throw new RangeError("compound value larger than 4 GiB");
    w.patchUint32(sizeAt, contentLength + 4);
    w.patchUint32(sizeAt + 4, count);
  }
}

/** [AMQP 1.6.24] element constructor, then each element without one. */
function writeArrayContents(w: ByteWriter, ctor: ElementConstructor, items: AmqpValue[]): void {
  writeConstructor(w, ctor);
  for (const item of items) writeElement(w, ctor, item);
}

function writeConstructor(w: ByteWriter, ctor: ElementConstructor): void {
  if ("code" in ctor) return w.writeUint8(ctor.code);
  w.writeUint8(F.described);
  writeValue(w, ctor.descriptor);
  writeConstructor(w, ctor.inner);
}

function writeElement(w: ByteWriter, ctor: ElementConstructor, item: AmqpValue): void {
  if (!("code" in ctor)) return writeElement(w, ctor.inner, (item as Described).value);
  switch (item.type) {
    case "list":
    case "map":
    case "array":
      return writeCompound(w, item, null);
    case "described":
      throw new RangeError("described element under a plain constructor"); // unreachable: types checked
    default:
      return writeScalarBody(w, ctor.code, item);
  }
}

/** Chooses the one constructor every element shares, checking that they all have `elementType`. */
function elementConstructor(elementType: AmqpTypeName, items: AmqpValue[]): ElementConstructor {
  items.forEach((item, i) => {
    if (item.type !== elementType) {
      throw new RangeError(`array of ${elementType} cannot hold a ${item.type} (element ${i})`);
    }
  });
  switch (elementType) {
    case "list":
      return { code: F.list32 };
    case "map":
      return { code: F.map32 };
    case "array":
      return { code: F.array32 };
    case "described":
      return describedConstructor(items as Described[]);
    default:
      return { code: arrayScalarCode(elementType, items as Scalar[]) };
  }
}

function describedConstructor(items: Described[]): ElementConstructor {
  const first = items[0];
  // An empty array still needs a constructor; any described one decodes back to an empty described array.
  if (!first) return { descriptor: { type: "null" }, inner: { code: F.null } };
  const key = encodeDetached(first.descriptor);
  items.forEach((item, i) => {
    if (!encodeDetached(item.descriptor).equals(key)) {
      throw new RangeError(`array elements must share one descriptor (element ${i} differs)`);
    }
  });
  const inner = items.map((item) => item.value);
  return { descriptor: first.descriptor, inner: elementConstructor(first.value.type, inner) };
}

function encodeDetached(v: AmqpValue): Buffer {
  const w = new ByteWriter(32);
  writeValue(w, v);
  return w.toBuffer();
}
