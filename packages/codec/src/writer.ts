import type { AmqpValue } from "./amqp-value";
import { ByteWriter } from "./byte-writer";
import { writeValue } from "./encoder";

/** A reusable growable buffer that AMQP values are encoded into. */
export class AmqpWriter extends ByteWriter {
  /** Appends `v` with the smallest encoding for it. */
  writeValue(v: AmqpValue): this {
    writeValue(this, v);
    return this;
  }
}

/** The AMQP encoding of one value. */
export function encode(value: AmqpValue): Buffer {
  return new AmqpWriter(64).writeValue(value).toBuffer();
}
