// Encodes any AmqpValue, picking the smallest encoding [AMQP 1.6]. Compound values reserve a 32-bit header,
// write their contents, then shrink to the 8-bit form when size and count fit in a byte.
import type { AmqpTypeName, AmqpValue, AmqpValueOf } from "./amqp-value";
import { ByteWriter } from "./byte-writer";
import { FormatCode as F } from "./format-codes";
import type { Scalar } from "./scalar-encoder";
import { arrayScalarCode, scalarCode, writeScalarBody } from "./scalar-encoder";

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
      return writeSized(w, LIST, v.value.length, () => v.value.forEach((item) => writeValue(w, item)));
    case "map":
      return writeSized(w, MAP, v.value.length * 2, () => writeEntries(w, v.value));
    case "array": {
      const ctor = elementConstructor(v.elementType, v.value);
      return writeSized(w, ARRAY, v.value.length, () => writeArrayContents(w, ctor, v.value));
    }
    default: {
      const code = scalarCode(v);
      w.writeUint8(code);
      writeScalarBody(w, code, v);
    }
  }
}

function writeEntries(w: ByteWriter, entries: Array<[AmqpValue, AmqpValue]>): void {
  for (const [key, value] of entries) {
    writeValue(w, key);
    writeValue(w, value);
  }
}

/**
 * Writes size, count and contents [AMQP 1.6.22-1.6.24]. The size counts the bytes after the size field.
 * With `codes` null (an array element) there is no constructor and the 32-bit form is kept.
 */
function writeSized(
  w: ByteWriter,
  codes: { small: number; large: number } | null,
  count: number,
  writeContents: () => void,
): void {
  const start = w.length;
  if (codes) w.writeUint8(codes.large);
  const sizeAt = w.length;
  w.writeUint32(0);
  w.writeUint32(count);
  writeContents();
  const contentLength = w.length - sizeAt - 8;
  if (codes && count <= 0xff && contentLength + 1 <= 0xff) {
    w.patchUint8(start, codes.small);
    w.patchUint8(sizeAt, contentLength + 1);
    w.patchUint8(sizeAt + 1, count);
    w.removeGap(sizeAt + 2, 6);
  } else {
    if (contentLength + 4 > 0xffffffff) throw new RangeError("compound value larger than 4 GiB");
    w.patchUint32(sizeAt, contentLength + 4);
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
      return writeSized(w, null, item.value.length, () => item.value.forEach((x) => writeValue(w, x)));
    case "map":
      return writeSized(w, null, item.value.length * 2, () => writeEntries(w, item.value));
    case "array": {
      const inner = elementConstructor(item.elementType, item.value);
      return writeSized(w, null, item.value.length, () => writeArrayContents(w, inner, item.value));
    }
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
