import { amqp, type AmqpValue } from "@jms-ts/codec";

/** Annotation maps are symbol-keyed entry lists [AMQP 3.2.10]; these read and write one key. */
export function getAnnotation(
  entries: Array<[AmqpValue, AmqpValue]> | undefined,
  key: string,
): AmqpValue | undefined {
  const entry = entries?.find(([k]) => (k.type === "symbol" || k.type === "string") && k.value === key);
  return entry?.[1];
}

export function setAnnotation(
  entries: Array<[AmqpValue, AmqpValue]> | undefined,
  key: string,
  value: AmqpValue | undefined,
): Array<[AmqpValue, AmqpValue]> | undefined {
  const rest = (entries ?? []).filter(
    ([k]) => !((k.type === "symbol" || k.type === "string") && k.value === key),
  );
  if (value !== undefined) rest.push([amqp.symbol(key), value]);
  return rest.length > 0 ? rest : undefined;
}

/** A small integer annotation value of any integer type (senders differ: byte, ubyte, int...). */
export function annotationNumber(value: AmqpValue | undefined): number | undefined {
  if (!value) return undefined;
  switch (value.type) {
    case "byte":
    case "ubyte":
    case "short":
    case "ushort":
    case "int":
    case "uint":
      return value.value;
    case "long":
    case "ulong":
      return Number(value.value);
    default:
      return undefined;
  }
}
