import type { BytesMessageFacade } from "../../message/message-facade";
import { AmqpMessageFacade } from "./amqp-message-facade";
import { ContentType } from "./amqp-symbols";

/**
 * A BytesMessage: written as one data section with content-type application/octet-stream (unless another
 * is set); read from data sections or an amqp-value binary [qpid-jms 2.2].
 */
export class AmqpBytesMessageFacade extends AmqpMessageFacade implements BytesMessageFacade {
  override readonly kind = "bytes";

  getBody(): Buffer {
    const body = this.sections.body;
    if (body?.kind === "data")
      return body.chunks.length === 1 ? (body.chunks[0] as Buffer) : Buffer.concat(body.chunks);
    if (body?.kind === "value" && body.value.type === "binary") return body.value.value;
    return Buffer.alloc(0);
  }

  setBody(body: Buffer): void {
    this.sections.body = { kind: "data", chunks: [body] };
    if (this.sections.properties?.contentType === undefined) {
      this.setPropertiesField("contentType", ContentType.octetStream);
    }
  }
}
