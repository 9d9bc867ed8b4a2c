// The typed value model. Every AMQP primitive keeps its own type name so that nothing is lost between
// decode and encode: a byte stays a byte, a symbol stays a symbol, a described value keeps its descriptor.

/** Every type name of the AMQP 1.0 type system [AMQP 1.6], plus "described" [AMQP 1.2]. */
export type AmqpTypeName =
  | "null"
  | "boolean"
  | "ubyte"
  | "ushort"
  | "uint"
  | "ulong"
  | "byte"
  | "short"
  | "int"
  | "long"
  | "float"
  | "double"
  | "decimal32"
  | "decimal64"
  | "decimal128"
  | "char"
  | "timestamp"
  | "uuid"
  | "binary"
  | "string"
  | "symbol"
  | "list"
  | "map"
  | "array"
  | "described";

/** One AMQP value, tagged with its exact wire type. */
export type AmqpValue =
  | { type: "null" }
  | { type: "boolean"; value: boolean }
  | {
      type: "ubyte" | "ushort" | "uint" | "byte" | "short" | "int" | "float" | "double" | "char";
      value: number;
    }
  | { type: "ulong" | "long"; value: bigint }
  /** Milliseconds since the Unix epoch (int64 on the wire; exact in a JS number up to 2^53). */
  | { type: "timestamp"; value: number }
  /** 16 bytes. */
  | { type: "uuid"; value: Buffer }
  | { type: "binary"; value: Buffer }
  | { type: "string" | "symbol"; value: string }
  /** IEEE 754 decimal bytes, kept opaque. */
  | { type: "decimal32" | "decimal64" | "decimal128"; value: Buffer }
  | { type: "list"; value: AmqpValue[] }
  /** Ordered entries; keys may be any value. */
  | { type: "map"; value: Array<[AmqpValue, AmqpValue]> }
  /** Every element has type `elementType` and shares one constructor on the wire. */
  | { type: "array"; elementType: AmqpTypeName; value: AmqpValue[] }
  | { type: "described"; descriptor: AmqpValue; value: AmqpValue };

/** The member of AmqpValue whose type is T, e.g. `AmqpValueOf<"byte">` is `{ type: "byte"; value: number }`. */
export type AmqpValueOf<T extends AmqpTypeName> = AmqpValue & { type: T };
