import type { MapValue } from "../../message/map-value";
import type { StreamMessageFacade } from "../../message/message-facade";
import { AmqpMessageFacade } from "./amqp-message-facade";
import { fromMapValue, toMapValue } from "./amqp-properties";

/**
 * A StreamMessage: written as one amqp-sequence section; read from amqp-sequence sections or an amqp-value
 * list [qpid-jms 2.2]. A value JMS cannot represent (a list, a map, a uuid) is undefined here and an
 * error when the reader reaches it, never silently skipped.
 */
export class AmqpStreamMessageFacade extends AmqpMessageFacade implements StreamMessageFacade {
  override readonly kind = "stream";

  getValues(): (MapValue | undefined)[] {
    const body = this.sections.body;
    const values =
      body?.kind === "sequence"
        ? body.lists.flat()
        : body?.kind === "value" && body.value.type === "list"
          ? body.value.value
          : [];
    return values.map(toMapValue);
  }

  setValues(values: MapValue[]): void {
    this.sections.body = { kind: "sequence", lists: [values.map(fromMapValue)] };
  }
}
