import { amqp, type AmqpValue } from "@jms-ts/codec";
import type { MapValue } from "../../message/map-value";
import type { MapMessageFacade } from "../../message/message-facade";
import { AmqpMessageFacade } from "./amqp-message-facade";
import { fromMapValue, toMapValue } from "./amqp-properties";

/** A MapMessage: an amqp-value map with string keys; bytes as binary, chars as AMQP char [qpid-jms 2.2]. */
export class AmqpMapMessageFacade extends AmqpMessageFacade implements MapMessageFacade {
  override readonly kind = "map";

  getEntry(name: string): MapValue | undefined {
    const entry = this.entries().find(([key]) => isKey(key, name));
    return entry && toMapValue(entry[1]);
  }

  setEntry(name: string, value: MapValue): void {
    const others = this.entries().filter(([key]) => !isKey(key, name));
    this.sections.body = {
      kind: "value",
      value: amqp.map([...others, [amqp.string(name), fromMapValue(value)]]),
    };
  }

  getNames(): string[] {
    return this.entries()
      .filter(([key, value]) => key.type === "string" && toMapValue(value) !== undefined)
      .map(([key]) => (key as { value: string }).value);
  }

  private entries(): Array<[AmqpValue, AmqpValue]> {
    const body = this.sections.body;
    return body?.kind === "value" && body.value.type === "map" ? body.value.value : [];
  }
}

function isKey(key: AmqpValue, name: string): boolean {
  return (key.type === "string" || key.type === "symbol") && key.value === name;
}
