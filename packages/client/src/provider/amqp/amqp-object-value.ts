import { amqp, type AmqpTypeName, type AmqpValue } from "@jms-ts/codec";
import { TypedValue, type ObjectValue } from "../../message/object-value";
import { ProviderError } from "../provider-error";
import { formatUuid } from "./amqp-message-id";

/**
 * An ObjectMessage body ⇄ its AMQP value (docs/decisions/0014). JavaScript shapes map one to one
 * (number ⇄ double, bigint ⇄ long, Buffer ⇄ binary, Date ⇄ timestamp, array ⇄ list, Map ⇄ map) and
 * TypedValue carries the rest, so a received value sent again is the same AMQP value.
 */
export function toAmqpObject(value: ObjectValue): AmqpValue {
  switch (typeof value) {
    case "boolean":
      return amqp.boolean(value);
    case "number":
      return amqp.double(value);
    case "bigint":
      return amqp.long(value);
    case "string":
      return amqp.string(value);
  }
  if (value === null) return amqp.null;
  if (value instanceof TypedValue) return fromTyped(value);
  if (value instanceof Uint8Array) return amqp.binary(Buffer.from(value));
  if (value instanceof Date) return amqp.timestamp(value.getTime());
  if (Array.isArray(value)) return amqp.list(value.map(toAmqpObject));
  const entries: [ObjectValue, ObjectValue][] =
    value instanceof Map ? [...(value as ReadonlyMap<ObjectValue, ObjectValue>)] : Object.entries(value);
  return amqp.map(entries.map(([key, item]) => [toAmqpObject(key), toAmqpObject(item)]));
}

/** The JavaScript shape of a received AMQP value; never loses a type. */
export function fromAmqpObject(value: AmqpValue): ObjectValue {
  switch (value.type) {
    case "null":
      return null;
    case "boolean":
    case "double":
    case "long":
    case "string":
      return value.value;
    case "binary":
      return value.value;
    case "timestamp":
      return new Date(value.value);
    case "list":
      return value.value.map(fromAmqpObject);
    case "map":
      return new Map(value.value.map(([key, item]) => [fromAmqpObject(key), fromAmqpObject(item)]));
    case "byte":
    case "short":
    case "int":
    case "ubyte":
    case "ushort":
    case "uint":
      return TypedValue[value.type](value.value);
    case "float":
      return TypedValue.float(value.value);
    case "ulong":
      return TypedValue.ulong(value.value);
    case "char":
      return TypedValue.char(String.fromCodePoint(value.value));
    case "symbol":
      return TypedValue.symbol(value.value);
    case "uuid":
      return TypedValue.uuid(formatUuid(value.value));
    case "decimal32":
    case "decimal64":
    case "decimal128":
      return TypedValue.decimal(value.type, value.value);
    case "array":
      return TypedValue.array(value.elementType, value.value.map(fromAmqpObject));
    case "described":
      return TypedValue.described(
        fromAmqpObject(value.descriptor) as TypedValue,
        fromAmqpObject(value.value),
      );
  }
}

function fromTyped(typed: TypedValue): AmqpValue {
  const value = typed.value;
  switch (typed.type) {
    case "byte":
    case "short":
    case "int":
    case "ubyte":
    case "ushort":
    case "uint":
      return amqp[typed.type](value as number);
    case "float":
      return amqp.float(value as number);
    case "ulong":
      return amqp.ulong(value as bigint);
    case "char":
      return amqp.char((value as string).codePointAt(0) as number);
    case "symbol":
      return amqp.symbol(value as string);
    case "uuid":
      return amqp.uuid(Buffer.from((value as string).replace(/-/g, ""), "hex"));
    case "decimal32":
    case "decimal64":
    case "decimal128":
      return amqp[typed.type](value as Buffer);
    case "array":
      return array(typed.elementType as string, (value as ObjectValue[]).map(toAmqpObject));
    case "described":
      return amqp.described(toAmqpObject(typed.descriptor as ObjectValue), toAmqpObject(value));
  }
}

function array(elementType: string, items: AmqpValue[]): AmqpValue {
  const mismatch = items.find((item) => item.type !== elementType);
  if (mismatch) {
    throw new ProviderError(
      "message-format",
      `an AMQP array of ${elementType} cannot hold a ${mismatch.type}: every element must have the element type`,
    );
  }
  return { type: "array", elementType: elementType as AmqpTypeName, value: items };
}
