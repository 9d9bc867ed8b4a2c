import type { ObjectMessageFacade } from "../../message/message-facade";
import type { ObjectValue } from "../../message/object-value";
import { AmqpMessageFacade } from "./amqp-message-facade";
import { fromAmqpObject, toAmqpObject } from "./amqp-object-value";
import { ContentType } from "./amqp-symbols";

/**
 * An ObjectMessage [qpid-jms 2.2]. Written AMQP-typed: an amqp-value section, no content-type (Qpid JMS's
 * typed encoding), or as Java-serialized bytes: one data section with content-type
 * application/x-java-serialized-object (Qpid JMS's default). Read: a serialized body by its content-type;
 * otherwise an amqp-value, an amqp-sequence (as a list) or data (as binary).
 */
export class AmqpObjectMessageFacade extends AmqpMessageFacade implements ObjectMessageFacade {
  override readonly kind = "object";

  getObject(): ObjectValue {
    const body = this.sections.body;
    if (body?.kind === "value") return fromAmqpObject(body.value);
    if (body?.kind === "sequence") return body.lists.flat().map(fromAmqpObject);
    if (body?.kind === "data") return Buffer.concat(body.chunks);
    return null;
  }

  setObject(value: ObjectValue): void {
    this.sections.body = { kind: "value", value: toAmqpObject(value) };
    if (this.isJavaSerialized()) this.setPropertiesField("contentType", undefined);
  }

  isJavaSerialized(): boolean {
    return this.sections.properties?.contentType === ContentType.javaSerialized;
  }

  getSerializedBytes(): Buffer | null {
    if (!this.isJavaSerialized()) return null;
    const body = this.sections.body;
    if (body?.kind === "data") return Buffer.concat(body.chunks);
    if (body?.kind === "value" && body.value.type === "binary") return body.value.value;
    return null;
  }

  setSerializedBytes(bytes: Buffer): void {
    this.sections.body = { kind: "data", chunks: [bytes] };
    this.setPropertiesField("contentType", ContentType.javaSerialized);
  }

  /** An empty typed body is amqp-value null, as Qpid JMS writes it. */
  override clearBody(): void {
    this.setObject(null);
  }
}
