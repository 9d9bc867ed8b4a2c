import { amqp } from "@jms-ts/codec";
import type { TextMessageFacade } from "../../message/message-facade";
import { AmqpMessageFacade } from "./amqp-message-facade";

/**
 * A TextMessage: written as an amqp-value string (or null); read from an amqp-value string or null, or
 * from data sections decoded as UTF-8 [qpid-jms 2.2].
 */
export class AmqpTextMessageFacade extends AmqpMessageFacade implements TextMessageFacade {
  override readonly kind = "text";

  getText(): string | null {
    const body = this.sections.body;
    if (!body) return null;
    if (body.kind === "data") return Buffer.concat(body.chunks).toString("utf8");
    if (body.kind === "value" && body.value.type === "string") return body.value.value;
    return null;
  }

  setText(text: string | null): void {
    this.sections.body = { kind: "value", value: text === null ? amqp.null : amqp.string(text) };
  }
}
