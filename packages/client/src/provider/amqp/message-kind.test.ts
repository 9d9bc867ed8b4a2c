import { amqp, type MessageSections } from "@jms-ts/codec";
import { describe, expect, it } from "vitest";
import { messageKind } from "./message-kind";

const data = (contentType?: string): MessageSections => ({
  body: { kind: "data", chunks: [Buffer.from("x")] },
  ...(contentType ? { properties: { contentType } } : {}),
});

describe("[qpid-jms 2.2] the JMS kind of a message from a sender that did not annotate it", () => {
  it.each([
    ["no body, no content-type", {}, "bytes"],
    ["data, no content-type", data(), "bytes"],
    ["data, octet-stream", data("application/octet-stream"), "bytes"],
    ["data, text/plain", data("text/plain; charset=utf-8"), "text"],
    ["data, application/json", data("application/json"), "text"],
    ["data, application/vnd.api+json", data("application/vnd.api+json"), "text"],
    ["data, image/png", data("image/png"), "bytes"],
    ["amqp-value string", { body: { kind: "value", value: amqp.string("s") } }, "text"],
    ["amqp-value null", { body: { kind: "value", value: amqp.null } }, "text"],
    ["amqp-value binary", { body: { kind: "value", value: amqp.binary(Buffer.from([1])) } }, "bytes"],
    ["amqp-value map", { body: { kind: "value", value: amqp.map([]) } }, "object"],
    ["amqp-value list", { body: { kind: "value", value: amqp.list([]) } }, "object"],
    ["amqp-value int", { body: { kind: "value", value: amqp.int(1) } }, "object"],
    ["amqp-value uuid", { body: { kind: "value", value: amqp.uuid(Buffer.alloc(16)) } }, "object"],
    ["amqp-sequence", { body: { kind: "sequence", lists: [[amqp.int(1)]] } }, "object"],
    ["data, java-serialized", data("application/x-java-serialized-object"), "object"],
    [
      "no body, java-serialized",
      { properties: { contentType: "application/x-java-serialized-object" } },
      "object",
    ],
    ["no body, image/png", { properties: { contentType: "image/png" } }, "message"],
  ] as [string, MessageSections, string][])("%s → %s", (_what, sections, kind) => {
    expect(messageKind(undefined, sections)).toBe(kind);
  });

  it("trusts the annotation when present", () => {
    expect(messageKind(3, { body: { kind: "value", value: amqp.string("s") } })).toBe("bytes");
    expect(messageKind(5, {})).toBe("text");
    expect(messageKind(1, { body: { kind: "value", value: amqp.string("s") } })).toBe("object");
  });
});
