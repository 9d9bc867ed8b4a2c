import { MessageFormatException } from "../errors/exceptions";

/**
 * The AMQP types a JavaScript value has no unambiguous shape for, kept by a {@link TypedValue}
 * (docs/decisions/0014-object-message.md).
 */
export type TypedValueType =
  | "byte"
  | "short"
  | "int"
  | "float"
  | "char"
  | "ubyte"
  | "ushort"
  | "uint"
  | "ulong"
  | "symbol"
  | "uuid"
  | "decimal32"
  | "decimal64"
  | "decimal128"
  | "array"
  | "described";

/**
 * The body of an ObjectMessage: any AMQP-typed value, in JavaScript shapes [AMQP 1.6]. null, boolean,
 * number (double), bigint (long), string, Uint8Array (binary; Buffer when received), Date (timestamp),
 * arrays (list), Map (map, any keys) and plain objects (map with string keys; received as Map), and a
 * {@link TypedValue} for every other AMQP type (int, float, symbol, uuid, ...).
 */
export type ObjectValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | Date
  | TypedValue
  | readonly ObjectValue[]
  | ReadonlyMap<ObjectValue, ObjectValue>
  | { readonly [key: string]: ObjectValue };

const INTEGER_RANGES = {
  byte: [-128, 127],
  short: [-32768, 32767],
  int: [-2147483648, 2147483647],
  ubyte: [0, 255],
  ushort: [0, 65535],
  uint: [0, 4294967295],
} as const;
const DECIMAL_BYTES = { decimal32: 4, decimal64: 8, decimal128: 16 } as const;
const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * An AMQP value of a type JavaScript has no shape of its own for: `TypedValue.int(42)` is sent as an AMQP
 * int (a Java Integer), where a plain `42` is a double. Values are checked when built.
 */
export class TypedValue {
  private constructor(
    readonly type: TypedValueType,
    /**
     * number (byte, short, int, ubyte, ushort, uint, float), bigint (ulong), string (char: one code point;
     * symbol; uuid: lower-case canonical text), Buffer (decimals, opaque IEEE 754 bytes), ObjectValue[]
     * (array) or ObjectValue (described).
     */
    readonly value: ObjectValue,
    /** Only for arrays: the element type's AMQP name, e.g. "int" or "string". */
    readonly elementType?: string,
    /** Only for described values: the descriptor (a symbol or ulong TypedValue). */
    readonly descriptor?: ObjectValue,
  ) {
    Object.freeze(this);
  }

  static byte(value: number): TypedValue {
    return TypedValue.integer("byte", value);
  }
  static short(value: number): TypedValue {
    return TypedValue.integer("short", value);
  }
  static int(value: number): TypedValue {
    return TypedValue.integer("int", value);
  }
  static ubyte(value: number): TypedValue {
    return TypedValue.integer("ubyte", value);
  }
  static ushort(value: number): TypedValue {
    return TypedValue.integer("ushort", value);
  }
  static uint(value: number): TypedValue {
    return TypedValue.integer("uint", value);
  }
  static ulong(value: bigint | number): TypedValue {
    const big = typeof value === "number" && Number.isSafeInteger(value) ? BigInt(value) : value;
    if (typeof big !== "bigint" || big < 0n || big >= 2n ** 64n) {
      throw new MessageFormatException(`a ulong must be a bigint from 0 to 2^64-1, got ${String(value)}`);
    }
    return new TypedValue("ulong", big);
  }
  /** Rounded to 32 bits, as Java's float. */
  static float(value: number): TypedValue {
    if (typeof value !== "number")
      throw new MessageFormatException(`a float must be a number, got ${typeof value}`);
    return new TypedValue("float", Math.fround(value));
  }
  /** One Unicode code point (AMQP chars are UTF-32). */
  static char(value: string): TypedValue {
    if (typeof value !== "string" || [...value].length !== 1) {
      throw new MessageFormatException("a char must be a string of exactly one code point");
    }
    return new TypedValue("char", value);
  }
  static symbol(value: string): TypedValue {
    if (typeof value !== "string" || [...value].some((c) => c.charCodeAt(0) > 0x7f)) {
      throw new MessageFormatException("a symbol must be a string of ASCII characters");
    }
    return new TypedValue("symbol", value);
  }
  /** Canonical text (either case) or 16 bytes. */
  static uuid(value: string | Uint8Array): TypedValue {
    const text =
      value instanceof Uint8Array && value.length === 16
        ? Buffer.from(value)
            .toString("hex")
            .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, "$1-$2-$3-$4-$5")
        : typeof value === "string"
          ? value.toLowerCase()
          : "";
    if (!UUID_TEXT.test(text)) {
      throw new MessageFormatException(
        "a uuid must be 16 bytes or text like 01234567-89ab-cdef-0123-456789abcdef",
      );
    }
    return new TypedValue("uuid", text);
  }
  /** An IEEE 754 decimal, kept as its 4, 8 or 16 bytes. */
  static decimal(type: "decimal32" | "decimal64" | "decimal128", bytes: Uint8Array): TypedValue {
    if (!(bytes instanceof Uint8Array) || bytes.length !== DECIMAL_BYTES[type]) {
      throw new MessageFormatException(`a ${type} is ${DECIMAL_BYTES[type]} bytes`);
    }
    return new TypedValue(type, Buffer.from(bytes));
  }
  /** An AMQP array: every element of `elementType` (an AMQP type name such as "int" or "string"). */
  static array(elementType: string, values: readonly ObjectValue[]): TypedValue {
    if (typeof elementType !== "string" || !Array.isArray(values)) {
      throw new MessageFormatException("an array needs an element type name and an array of values");
    }
    const items = snapshotObject(values) as ObjectValue[];
    const stray = items.findIndex((item) => amqpTypeOf(item) !== elementType);
    if (stray >= 0) {
      throw new MessageFormatException(
        `an AMQP array of ${elementType} cannot hold element ${stray}, a ${amqpTypeOf(items[stray] ?? null)}: ` +
          "every element must have the element type",
      );
    }
    return new TypedValue("array", items, elementType);
  }
  /** A described value [AMQP 1.2]; the descriptor is a symbol or a ulong. */
  static described(descriptor: TypedValue, value: ObjectValue): TypedValue {
    if (
      !(descriptor instanceof TypedValue) ||
      (descriptor.type !== "symbol" && descriptor.type !== "ulong")
    ) {
      throw new MessageFormatException(
        "a descriptor must be TypedValue.symbol(...) or TypedValue.ulong(...)",
      );
    }
    return new TypedValue("described", snapshotObject(value), undefined, descriptor);
  }

  private static integer(type: keyof typeof INTEGER_RANGES, value: number): TypedValue {
    const [min, max] = INTEGER_RANGES[type];
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      throw new MessageFormatException(
        `a ${type} must be an integer from ${min} to ${max}, got ${String(value)}`,
      );
    }
    return new TypedValue(type, value);
  }
}

/** The AMQP type a value is sent as. */
function amqpTypeOf(value: ObjectValue): string {
  if (value instanceof TypedValue) return value.type;
  if (value === null) return "null";
  if (typeof value === "number") return "double";
  if (typeof value === "bigint") return "long";
  if (typeof value === "boolean" || typeof value === "string") return typeof value;
  if (value instanceof Uint8Array) return "binary";
  if (value instanceof Date) return "timestamp";
  return Array.isArray(value) ? "list" : "map";
}

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/**
 * A checked, independent copy of `value` in the shapes the provider encodes: plain objects become Maps,
 * Uint8Arrays Buffers. Later changes to `value` do not reach the message, as with Java's serialization.
 * @throws MessageFormatException naming where in `value` something AMQP cannot carry was found.
 */
export function snapshotObject(value: ObjectValue): ObjectValue {
  return copy(value, "the object", new Set());
}

function copy(value: unknown, path: string, ancestors: Set<object>): ObjectValue {
  switch (typeof value) {
    case "boolean":
    case "number":
    case "string":
      return value;
    case "bigint":
      if (value < LONG_MIN || value > LONG_MAX) {
        throw new MessageFormatException(
          `${path} is a bigint outside the signed 64-bit range of an AMQP long; use TypedValue.ulong for unsigned values`,
        );
      }
      return value;
    case "object":
      break;
    default:
      throw unsupported(path, typeof value);
  }
  if (value === null) return null;
  if (value instanceof TypedValue) return value;
  if (value instanceof Uint8Array) return Buffer.from(value);
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new MessageFormatException(`${path} is an invalid Date`);
    return new Date(value.getTime());
  }
  if (ancestors.has(value))
    throw new MessageFormatException(`${path} refers back to itself; AMQP values are trees`);
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return value.map((item, i) => copy(item, `${path}[${i}]`, ancestors));
    if (value instanceof Map) {
      const entries = [...(value as Map<unknown, unknown>)];
      return new Map(
        entries.map(([key, item]) => [
          copy(key, `a key of ${path}`, ancestors),
          copy(item, `${path}.get(${String(key)})`, ancestors),
        ]),
      );
    }
    const prototype = Object.getPrototypeOf(value) as unknown;
    if (prototype === Object.prototype || prototype === null) {
      return new Map(
        Object.entries(value).map(([key, item]) => [key, copy(item, `${path}.${key}`, ancestors)]),
      );
    }
    throw unsupported(path, `a ${value.constructor?.name ?? "class"} instance`);
  } finally {
    ancestors.delete(value);
  }
}

function unsupported(path: string, what: string): MessageFormatException {
  return new MessageFormatException(
    `${path} is ${what}, which AMQP cannot carry: use null, boolean, number, bigint, string, Uint8Array, Date, ` +
      "an array, a Map, a plain object or a TypedValue",
  );
}
