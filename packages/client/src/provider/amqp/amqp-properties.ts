import { amqp, type AmqpValue } from "@jms-ts/codec";
import type { MapValue } from "../../message/map-value";
import type { PropertyValue } from "../../message/property-value";

const LONG_MAX = 2n ** 63n - 1n;

/**
 * JMS property values ⇄ AMQP application-properties values. JMS types keep their own AMQP type
 * [qpid-jms 2.4]. Received unsigned types read as the next wider JMS type, symbols and chars as strings,
 * timestamps as longs; types JMS cannot show (binary, uuid, lists, maps, ulongs beyond 2^63) stay in the
 * message untouched but are not JMS properties.
 */
export function toPropertyValue(value: AmqpValue): PropertyValue | undefined {
  switch (value.type) {
    case "boolean":
    case "byte":
    case "short":
    case "int":
    case "float":
    case "double":
    case "string":
      return value as PropertyValue;
    case "long":
      return { type: "long", value: value.value };
    case "symbol":
      return { type: "string", value: value.value };
    case "char":
      return { type: "string", value: String.fromCodePoint(value.value) };
    case "ubyte":
      return { type: "short", value: value.value };
    case "ushort":
      return { type: "int", value: value.value };
    case "uint":
      return { type: "long", value: BigInt(value.value) };
    case "ulong":
      return value.value <= LONG_MAX ? { type: "long", value: value.value } : undefined;
    case "timestamp":
      return { type: "long", value: BigInt(value.value) };
    default:
      return undefined;
  }
}

export function toAmqpValue(property: PropertyValue): AmqpValue {
  switch (property.type) {
    case "boolean":
      return amqp.boolean(property.value);
    case "byte":
      return amqp.byte(property.value);
    case "short":
      return amqp.short(property.value);
    case "int":
      return amqp.int(property.value);
    case "long":
      return amqp.long(property.value);
    case "float":
      return amqp.float(property.value);
    case "double":
      return amqp.double(property.value);
    case "string":
      return amqp.string(property.value);
  }
}

/** A MapMessage or StreamMessage value: the property types plus binary (bytes) and char. */
export function toMapValue(value: AmqpValue): MapValue | undefined {
  if (value.type === "binary") return { type: "bytes", value: value.value };
  if (value.type === "char") return { type: "char", value: String.fromCodePoint(value.value) };
  return toPropertyValue(value);
}

export function fromMapValue(value: MapValue): AmqpValue {
  if (value.type === "bytes") return amqp.binary(value.value);
  if (value.type === "char") return amqp.char(value.value.charCodeAt(0));
  return toAmqpValue(value);
}
