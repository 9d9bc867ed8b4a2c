import { MessageFormatException } from "../errors/exceptions";
import { convert, type PropertyObject, type PropertyValue } from "./property-value";

/**
 * A MapMessage or StreamMessage value [JMS 2.0 3.11.3]: the property types plus char (one UTF-16 code
 * unit, as Java's char) and bytes.
 */
export type MapValue = PropertyValue | { type: "char"; value: string } | { type: "bytes"; value: Buffer };
export type MapValueType = MapValue["type"];
export type MapObject = PropertyObject | Buffer;

export function charValue(value: string): MapValue {
  if (typeof value !== "string" || value.length !== 1) {
    throw new MessageFormatException("a char must be a string of exactly one UTF-16 code unit");
  }
  return { type: "char", value };
}

export function bytesValue(value: Uint8Array): MapValue {
  if (!(value instanceof Uint8Array))
    throw new MessageFormatException("bytes must be a Uint8Array or Buffer");
  return { type: "bytes", value: Buffer.from(value) };
}

/** Reads a value as `as` by the JMS table: chars read only as char or String, bytes only as bytes. */
export function convertMapValue(
  name: string,
  value: MapValue | undefined,
  as: MapValueType,
): MapObject | null {
  if (value?.type === "char") {
    if (as === "char") return value.value;
    if (as === "string") return value.value;
    throw new MessageFormatException(`"${name}" is a char and cannot be read as ${as}`);
  }
  if (value?.type === "bytes") {
    if (as === "bytes") return Buffer.from(value.value);
    throw new MessageFormatException(`"${name}" is bytes and cannot be read as ${as}`);
  }
  if (as === "char") {
    if (value === undefined)
      throw new MessageFormatException(`"${name}" does not exist, so it has no char value`);
    throw new MessageFormatException(`"${name}" is a ${value.type} and cannot be read as char`);
  }
  if (as === "bytes") {
    if (value === undefined) return null;
    throw new MessageFormatException(`"${name}" is a ${value.type} and cannot be read as bytes`);
  }
  return convert(name, value, as as "string");
}
