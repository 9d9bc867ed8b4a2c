// Composite types are described lists of fields [AMQP 1.4]: trailing absent fields are left out, absent
// fields before a present one are null. These helpers map between such lists and optional fields.
import type { AmqpTypeName, AmqpValue, AmqpValueOf } from "./amqp-value";
import { AmqpDecodeError } from "./errors";

/** The list for `fields` in order, trimming trailing absent fields and nulling the others. */
export function fieldList(fields: Array<AmqpValue | undefined>): AmqpValue[] {
  let end = fields.length;
  while (end > 0 && fields[end - 1] === undefined) end--;
  fields.length = end;
  for (let i = 0; i < end; i++) fields[i] ??= NULL;
  return fields as AmqpValue[];
}

const NULL: AmqpValue = Object.freeze({ type: "null" });

/** `make(v)`, or undefined for an absent field. */
export function opt<T>(v: T | undefined, make: (v: T) => AmqpValue): AmqpValue | undefined {
  return v === undefined ? undefined : make(v);
}

/** Reads typed fields from a decoded composite list, reporting errors at the section's offset. */
export class FieldReader {
  constructor(
    private readonly section: string,
    private readonly items: AmqpValue[],
    private readonly offset: number,
  ) {}

  /** Field `index`, or undefined when it is absent or null. */
  any(index: number): AmqpValue | undefined {
    const item = this.items[index];
    return item === undefined || item.type === "null" ? undefined : item;
  }

  /** Field `index` if it has type `type`; a present field of another type is malformed. */
  typed<T extends AmqpTypeName>(index: number, type: T, name: string): AmqpValueOf<T> | undefined {
    const item = this.any(index);
    if (item === undefined || item.type === type) return item as AmqpValueOf<T> | undefined;
    throw new AmqpDecodeError(`${this.section}.${name} must be ${type}, got ${item.type}`, this.offset);
  }
}

/** Copies the defined entries of `fields` onto a fresh object, so absent fields stay absent keys. */
export function definedOnly<T extends object>(fields: { [K in keyof T]: T[K] | undefined }): T {
  const out: Record<string, unknown> = {};
  for (const key in fields) if (fields[key] !== undefined) out[key] = fields[key];
  return out as T;
}
