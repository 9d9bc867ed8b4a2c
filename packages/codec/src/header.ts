// The header section [AMQP 3.2.1]: transport-level delivery annotations, the only section a broker rewrites.
import type { AmqpValue } from "./amqp-value";
import { amqp } from "./amqp";
import { definedOnly, FieldReader, fieldList, opt } from "./composite";

export interface Header {
  durable?: boolean;
  /** ubyte; absent means 4. */
  priority?: number;
  /** uint milliseconds. */
  ttl?: number;
  firstAcquirer?: boolean;
  /** uint; absent means 0. */
  deliveryCount?: number;
}

/** Fields in spec order: durable, priority, ttl, first-acquirer, delivery-count. */
export function headerToList(h: Header): AmqpValue[] {
  return fieldList([
    opt(h.durable, amqp.boolean),
    opt(h.priority, amqp.ubyte),
    opt(h.ttl, amqp.uint),
    opt(h.firstAcquirer, amqp.boolean),
    opt(h.deliveryCount, amqp.uint),
  ]);
}

export function headerFromList(items: AmqpValue[], offset: number): Header {
  const f = new FieldReader("header", items, offset);
  return definedOnly<Header>({
    durable: f.typed(0, "boolean", "durable")?.value,
    priority: f.typed(1, "ubyte", "priority")?.value,
    ttl: f.typed(2, "uint", "ttl")?.value,
    firstAcquirer: f.typed(3, "boolean", "firstAcquirer")?.value,
    deliveryCount: f.typed(4, "uint", "deliveryCount")?.value,
  });
}
