import { describe, expect, it } from "vitest";
import { amqp } from "./amqp";
import { AmqpDecodeError } from "./errors";
import { decodeHeaderAndProperties, decodeMessage } from "./message-decoder";
import type { MessageSections } from "./message-sections";
import { encodeMessage } from "./message-sections";
import { fullMessage } from "./test-fixtures";
import { AmqpWriter } from "./writer";

const h = (s: string): string => s.replace(/\s+/g, "");
const bytes = (hex: string): Buffer => Buffer.from(h(hex), "hex");
const hexOf = (m: MessageSections): string => encodeMessage(m).toString("hex");

describe("encodeMessage: exact section bytes", () => {
  it("writes the header as a described list with trailing absent fields left out", () => {
    expect(hexOf({ header: { durable: true } })).toBe(h("00 53 70 c0 02 01 41"));
    expect(hexOf({ header: {} })).toBe(h("00 53 70 45"));
    expect(hexOf({ header: { deliveryCount: 3 } })).toBe(h("00 53 70 c0 07 05 40 40 40 40 52 03"));
    expect(hexOf({ header: { durable: false, priority: 9, ttl: 1000 } })).toBe(
      h("00 53 70 c0 09 03 42 50 09 70 00 00 03 e8"),
    );
  });

  it("writes properties in spec order, with nulls for absent middle fields", () => {
    expect(hexOf({ properties: { messageId: amqp.string("ID:abc") } })).toBe(
      h("00 53 73 c0 09 01 a1 06 49 44 3a 61 62 63"),
    );
    expect(hexOf({ properties: { to: "q", contentType: "text/plain" } })).toBe(
      h("00 53 73 c0 15 07 40 40 a1 01 71 40 40 40 a3 0a") + Buffer.from("text/plain").toString("hex"),
    );
  });

  it("writes annotations and application properties as described maps", () => {
    expect(hexOf({ messageAnnotations: [[amqp.symbol("a"), amqp.byte(5)]] })).toBe(
      h("00 53 72 c1 06 02 a3 01 61 51 05"),
    );
    expect(hexOf({ applicationProperties: [["k", amqp.int(1)]] })).toBe(
      h("00 53 74 c1 06 02 a1 01 6b 54 01"),
    );
  });

  it("writes each body kind with its own descriptor", () => {
    expect(hexOf({ body: { kind: "value", value: amqp.null } })).toBe(h("00 53 77 40"));
    expect(hexOf({ body: { kind: "data", chunks: [bytes("01"), bytes("02")] } })).toBe(
      h("00 53 75 a0 01 01 00 53 75 a0 01 02"),
    );
    expect(hexOf({ body: { kind: "sequence", lists: [[amqp.null]] } })).toBe(h("00 53 76 c0 02 01 40"));
    expect(() => encodeMessage({ body: { kind: "data", chunks: [] } })).toThrow(RangeError);
  });

  it("writes sections in spec order whatever the object key order", () => {
    const m: MessageSections = { footer: [], body: { kind: "value", value: amqp.null }, header: {} };
    expect(hexOf(m)).toBe(h("00 53 70 45 00 53 77 40 00 53 78 c1 01 00"));
  });

  it("appends to a given writer and returns only this message's bytes", () => {
    const w = new AmqpWriter();
    w.writeBytes(bytes("ffff"));
    expect(encodeMessage({ header: {} }, w).toString("hex")).toBe(h("00 53 70 45"));
    expect(w.length).toBe(6);
  });
});

describe("decodeMessage", () => {
  it("round-trips a full JMS-style message", () => {
    expect(decodeMessage(encodeMessage(fullMessage))).toEqual(fullMessage);
  });

  it("round-trips every header and properties field", () => {
    const m: MessageSections = {
      header: { durable: false, priority: 4, ttl: 60_000, firstAcquirer: true, deliveryCount: 2 },
      deliveryAnnotations: [[amqp.ulong(9), amqp.list([])]],
      properties: {
        messageId: amqp.ulong(42),
        userId: bytes("0102"),
        to: "t",
        subject: "s",
        replyTo: "r",
        correlationId: amqp.uuid(Buffer.alloc(16, 5)),
        contentType: "application/octet-stream",
        contentEncoding: "gzip",
        absoluteExpiryTime: 2,
        creationTime: 1,
        groupId: "g",
        groupSequence: 4_294_967_295,
        replyToGroupId: "rg",
      },
      body: { kind: "data", chunks: [bytes("00"), Buffer.alloc(300, 1)] },
      footer: [[amqp.symbol("hash"), amqp.binary(bytes("beef"))]],
    };
    expect(decodeMessage(encodeMessage(m))).toEqual(m);
    const seq: MessageSections = { body: { kind: "sequence", lists: [[amqp.int(1)], []] } };
    expect(decodeMessage(encodeMessage(seq))).toEqual(seq);
  });

  it("keeps a described value inside a described value in an amqp-value body", () => {
    const value = amqp.described(
      amqp.ulong(0x31),
      amqp.list([amqp.described(amqp.symbol("x"), amqp.int(1))]),
    );
    expect(decodeMessage(encodeMessage({ body: { kind: "value", value } }))).toEqual({
      body: { kind: "value", value },
    });
  });

  it("accepts symbolic and full-width ulong section descriptors", () => {
    const symbolic = Buffer.concat([
      bytes("00 a3 10"),
      Buffer.from("amqp:header:list"),
      bytes("c0 02 01 41"),
    ]);
    expect(decodeMessage(symbolic)).toEqual({ header: { durable: true } });
    const value = Buffer.concat([bytes("00 a3 11"), Buffer.from("amqp:amqp-value:*"), bytes("54 01")]);
    expect(decodeMessage(value)).toEqual({ body: { kind: "value", value: amqp.int(1) } });
    expect(decodeMessage(bytes("00 80 00 00 00 00 00 00 00 70 45"))).toEqual({ header: {} });
  });

  it("decodes an empty buffer as a message with no sections", () => {
    expect(decodeMessage(Buffer.alloc(0))).toEqual({});
  });

  it.each([
    ["a section that is not described", "40", /expected a described message section/],
    ["an unknown descriptor", "00 53 79 40", /names no message section/],
    ["a header that is not a list", "00 53 70 40", /section must hold a list, got null/],
    ["a header field of the wrong type", "00 53 70 c0 02 01 43", /header.durable must be boolean, got uint/],
    ["a non-string application-property key", "00 53 74 c1 03 02 40 40", /must hold a string/],
    ["sections out of order", "00 53 73 45 00 53 70 45", /section 0x70 may not follow section 0x73/],
    ["a repeated header", "00 53 70 45 00 53 70 45", /may not follow/],
    ["two amqp-value sections", "00 53 77 40 00 53 77 40", /may not follow/],
    ["mixed body kinds", "00 53 75 a0 00 00 53 76 45", /may not follow/],
    ["a data section without binary", "00 53 75 40", /must hold a binary/],
  ])("rejects %s", (_name, hex, message) => {
    expect(() => decodeMessage(bytes(hex))).toThrow(AmqpDecodeError);
    expect(() => decodeMessage(bytes(hex))).toThrow(message);
  });
});

describe("decodeHeaderAndProperties", () => {
  it("returns the routing sections and never reads the body", () => {
    const encoded = encodeMessage({ ...fullMessage, deliveryAnnotations: [[amqp.symbol("d"), amqp.null]] });
    const withBadBody = Buffer.concat([encoded, bytes("00 53 77 ff")]);
    const { header, properties, messageAnnotations, applicationProperties, ...rest } = fullMessage;
    expect(decodeHeaderAndProperties(withBadBody)).toEqual({
      header,
      properties,
      messageAnnotations,
      applicationProperties,
    });
    expect(rest).toHaveProperty("body");
    expect(() => decodeMessage(withBadBody)).toThrow(AmqpDecodeError);
  });
});
