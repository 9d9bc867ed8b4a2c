import { describe, expect, it } from "vitest";
import { amqp } from "./amqp";
import { SectionCode as S } from "./descriptors";
import { AmqpDecodeError } from "./errors";
import { decodeHeaderAndProperties, decodeMessage } from "./message-decoder";
import { encodeMessage } from "./message-sections";
import { rewriteHeader, scanSections } from "./section-scanner";
import { fullMessage } from "./test-fixtures";

const encoded = encodeMessage({ ...fullMessage, footer: [[amqp.symbol("f"), amqp.null]] });

describe("scanSections", () => {
  it("lists each section's code and byte range, back to back, covering the whole buffer", () => {
    const sections = scanSections(encoded);
    expect(sections.map((s) => s.code)).toEqual([
      S.header,
      S.messageAnnotations,
      S.properties,
      S.applicationProperties,
      S.amqpValue,
      S.footer,
    ]);
    expect(sections[0]).toEqual({ code: S.header, start: 0, end: 7 });
    sections.forEach((s, i) => expect(s.start).toBe(sections[i - 1]?.end ?? 0));
    expect(sections.at(-1)?.end).toBe(encoded.length);
    const body = sections.find((s) => s.code === S.amqpValue);
    expect(encoded.subarray(body?.start, body?.end).toString("hex")).toBe("005377a10568656c6c6f");
  });

  it("accepts symbolic descriptors and rejects non-sections", () => {
    const symbolic = Buffer.concat([
      Buffer.from("00a310", "hex"),
      Buffer.from("amqp:header:list"),
      Buffer.from("45", "hex"),
    ]);
    expect(scanSections(symbolic)).toEqual([{ code: S.header, start: 0, end: symbolic.length }]);
    expect(() => scanSections(Buffer.from("4040", "hex"))).toThrow(AmqpDecodeError);
    expect(() => scanSections(Buffer.from("005377a105", "hex"))).toThrow(/truncated/);
  });
});

describe("rewriteHeader", () => {
  it("replaces the header and keeps every following byte identical", () => {
    const [oldHeader] = scanSections(encoded);
    const out = rewriteHeader(encoded, { durable: true, deliveryCount: 7 });
    const [newHeader] = scanSections(out);
    expect(out.subarray(0, newHeader?.end).toString("hex")).toBe("005370c00705414040405207");
    expect(out.subarray(newHeader?.end).equals(encoded.subarray(oldHeader?.end))).toBe(true);
    expect(decodeMessage(out)).toEqual({
      ...decodeMessage(encoded),
      header: { durable: true, deliveryCount: 7 },
    });
  });

  it("inserts a header at the front when there is none", () => {
    const headless = { ...fullMessage };
    delete headless.header;
    const bytes = encodeMessage(headless);
    const out = rewriteHeader(bytes, { deliveryCount: 1 });
    expect(out.subarray(0, 12).toString("hex")).toBe("005370c00705404040405201");
    expect(out.subarray(12).equals(bytes)).toBe(true);
    expect(decodeHeaderAndProperties(out).header).toEqual({ deliveryCount: 1 });
  });

  it("leaves the input buffer untouched", () => {
    const copy = Buffer.from(encoded);
    rewriteHeader(encoded, { priority: 9 });
    expect(encoded.equals(copy)).toBe(true);
  });
});
