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
  // In place: a send sets several annotations, and each copy would be garbage at once.
  const index = entries
    ? entries.findIndex(([k]) => (k.type === "symbol" || k.type === "string") && k.value === key)
    : -1;
  if (value === undefined) {
    if (index >= 0) entries?.splice(index, 1);
  } else if (index >= 0) (entries as Array<[AmqpValue, AmqpValue]>)[index] = [amqp.symbol(key), value];
  else if (entries) entries.push([amqp.symbol(key), value]);
  else return [[amqp.symbol(key), value]];
  return entries && entries.length > 0 ? entries : undefined;
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
