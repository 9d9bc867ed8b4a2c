import type { MessageSections } from "@jms-ts/codec";
import type { JmsMessageKind } from "../../message/message-facade";
import { ContentType, JmsMessageType } from "./amqp-symbols";

const kindByType = new Map<number, JmsMessageKind>([
  [JmsMessageType.message, "message"],
  [JmsMessageType.text, "text"],
  [JmsMessageType.bytes, "bytes"],
  [JmsMessageType.map, "map"],
  [JmsMessageType.stream, "stream"],
  [JmsMessageType.object, "object"],
]);

/**
 * The JMS kind of a received message: from x-opt-jms-msg-type when present, else inferred from the body and
 * content-type as Qpid JMS does [qpid-jms 2.2]: an unannotated amqp-value that is not a string, null or
 * binary (a map, a list, a number...) and any amqp-sequence is an (AMQP-typed) ObjectMessage, as in Qpid JMS.
 */
export function messageKind(annotated: number | undefined, sections: MessageSections): JmsMessageKind {
  if (annotated !== undefined) return kindByType.get(annotated) ?? "message";
  const body = sections.body;
  const contentType = sections.properties?.contentType;
  if (!body || body.kind === "data") {
    if (contentType === ContentType.javaSerialized) return "object";
    if (contentType === undefined || contentType === ContentType.octetStream) return "bytes";
    if (isTextual(contentType)) return "text";
    return body ? "bytes" : "message";
  }
  if (body.kind === "value") {
    if (body.value.type === "string" || body.value.type === "null") return "text";
    if (body.value.type === "binary") return "bytes";
  }
  return "object";
}

/** text/*, and application/ json, xml, javascript, ecmascript, xml-dtd or a +json / +xml subtype. */
function isTextual(contentType: string): boolean {
  const type = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (type.startsWith("text/")) return true;
  if (!type.startsWith("application/")) return false;
  const subtype = type.slice("application/".length);
  return (
    ["json", "xml", "javascript", "ecmascript", "xml-dtd"].includes(subtype) || /\+(json|xml)$/.test(subtype)
  );
}
