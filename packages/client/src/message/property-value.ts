import { MessageFormatException } from "../errors/exceptions";

/** The JMS property types [JMS 2.0 3.5.4]; each keeps its AMQP type on the wire. */
export type PropertyType = "boolean" | "byte" | "short" | "int" | "long" | "float" | "double" | "string";

/**
 * A typed property value. JMS longs are 64-bit, so they are `bigint` (exact beyond 2^53); the other
 * numeric types are `number`. See docs/decisions/0008-typed-properties.md.
 */
export type PropertyValue =
  | { type: "boolean"; value: boolean }
  | { type: "byte" | "short" | "int" | "float" | "double"; value: number }
  | { type: "long"; value: bigint }
  | { type: "string"; value: string };

/** What `getObjectProperty` returns and `setObjectProperty` takes. */
export type PropertyObject = boolean | number | bigint | string;

const RANGES = {
  byte: [-128, 127],
  short: [-32768, 32767],
  int: [-2147483648, 2147483647],
} as const;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/** Builds a checked value: integers in range for byte/short/int/long, float rounded to 32 bits. */
export function typed(type: PropertyType, value: PropertyObject): PropertyValue {
  switch (type) {
    case "boolean":
      if (typeof value !== "boolean") throw mismatch(type, value);
      return { type, value };
    case "string":
      if (typeof value !== "string") throw mismatch(type, value);
      return { type, value };
    case "byte":
    case "short":
    case "int": {
      const [min, max] = RANGES[type];
      if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
        throw new MessageFormatException(
          `a ${type} property must be an integer from ${min} to ${max}, got ${String(value)}`,
        );
      }
      return { type, value };
    }
    case "long": {
      const big =
        typeof value === "bigint"
          ? value
          : typeof value === "number" && Number.isSafeInteger(value)
            ? BigInt(value)
            : undefined;
      if (big === undefined || big < LONG_MIN || big > LONG_MAX) {
        throw new MessageFormatException(
          `a long property must be a bigint (or safe integer) in the signed 64-bit range, got ${String(value)}`,
        );
      }
      return { type, value: big };
    }
    case "float":
    case "double":
      if (typeof value !== "number") throw mismatch(type, value);
      return { type, value: type === "float" ? Math.fround(value) : value };
  }
}

/**
 * The JS value for `setObjectProperty`: booleans, strings and bigints map one to one; a number becomes an
 * int when it is an integer in int range, a long when it is another safe integer, otherwise a double.
 */
export function fromObject(value: unknown): PropertyValue {
  switch (typeof value) {
    case "boolean":
      return { type: "boolean", value };
    case "string":
      return { type: "string", value };
    case "bigint":
      return typed("long", value);
    case "number":
      if (Number.isInteger(value) && value >= RANGES.int[0] && value <= RANGES.int[1])
        return { type: "int", value };
      if (Number.isSafeInteger(value)) return { type: "long", value: BigInt(value) };
      return { type: "double", value };
    default:
      throw new MessageFormatException(
        `a property value must be a boolean, number, bigint or string, got ${value === null ? "null" : typeof value}`,
      );
  }
}

/** The conversions JMS allows when reading a property as another type [JMS 2.0 3.5.4, table 3-4]. */
const READABLE_AS: Record<PropertyType, readonly PropertyType[]> = {
  boolean: ["boolean", "string"],
  byte: ["byte", "short", "int", "long", "string"],
  short: ["short", "int", "long", "string"],
  int: ["int", "long", "string"],
  long: ["long", "string"],
  float: ["float", "double", "string"],
  double: ["double", "string"],
  string: ["boolean", "byte", "short", "int", "long", "float", "double", "string"],
};

/**
 * Reads a property as `as`, following the JMS conversion table. A missing property reads as false for
 * boolean and null for string, and is an error for the numeric types (Java's valueOf(null) throws).
 * @throws MessageFormatException for a conversion the table forbids, a string that is not a number of
 *   that type, or a missing numeric property.
 */
export function convert(name: string, property: PropertyValue | undefined, as: "boolean"): boolean;
export function convert(name: string, property: PropertyValue | undefined, as: "string"): string | null;
export function convert(name: string, property: PropertyValue | undefined, as: "long"): bigint;
export function convert(
  name: string,
  property: PropertyValue | undefined,
  as: "byte" | "short" | "int" | "float" | "double",
): number;
export function convert(
  name: string,
  property: PropertyValue | undefined,
  as: PropertyType,
): PropertyObject | null {
  if (property === undefined) {
    if (as === "boolean") return false;
    if (as === "string") return null;
    throw new MessageFormatException(`property "${name}" does not exist, so it has no ${as} value`);
  }
  if (!READABLE_AS[property.type].includes(as)) {
    throw new MessageFormatException(`property "${name}" is a ${property.type} and cannot be read as ${as}`);
  }
  if (as === "string") return String(property.value);
  if (property.type !== "string") return as === "long" ? BigInt(property.value) : property.value;
  return parse(name, property.value, as);
}

function parse(name: string, text: string, as: Exclude<PropertyType, "string">): PropertyObject {
  if (as === "boolean") return text.toLowerCase() === "true"; // Java's Boolean.valueOf
  const trimmed = text.trim();
  const integer = /^[+-]?\d+$/.test(trimmed);
  try {
    if (as === "long") {
      if (!integer) throw new Error();
      return typed("long", BigInt(trimmed)).value;
    }
    if (as === "float" || as === "double") {
      if (trimmed === "" || (Number.isNaN(Number(trimmed)) && !/^[+-]?NaN$/.test(trimmed))) throw new Error();
      return typed(as, Number(trimmed)).value;
    }
    if (!integer) throw new Error();
    return typed(as, Number(trimmed)).value;
  } catch {
    throw new MessageFormatException(
      `property "${name}" is the string "${text}", which is not a valid ${as}`,
    );
  }
}

function mismatch(type: PropertyType, value: unknown): MessageFormatException {
  return new MessageFormatException(
    `a ${type} property needs a ${type === "string" ? "string" : type === "boolean" ? "boolean" : "number"}, got ${typeof value}`,
  );
}
