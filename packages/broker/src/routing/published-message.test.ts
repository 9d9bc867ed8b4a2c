import { amqp, encodeMessage } from "@jms-ts/codec";
import { describe, expect, it } from "vitest";
import { parsePublishedMessage } from "./published-message";

const publisher = {};
const NOW = 1_000_000;

describe("parsePublishedMessage", () => {
  it("[AMQP 3.2.1] reads durable, priority (capped at 9 [JMS 2.0 3.4.10]) and ttl from the header", () => {
    const bytes = encodeMessage({ header: { durable: true, priority: 200, ttl: 500 } });
    const message = parsePublishedMessage(bytes, publisher, NOW);
    expect(message).toMatchObject({ durable: true, priority: 9, expiresAt: NOW + 500, bytes, publisher });
  });

  it("defaults: not durable, priority 4, no expiry, no delay", () => {
    const message = parsePublishedMessage(encodeMessage({}), publisher, NOW);
    expect(message).toMatchObject({
      durable: false,
      priority: 4,
      expiresAt: undefined,
      deliverAt: undefined,
    });
  });

  it("[AMQP 3.2.4] absolute-expiry-time wins over ttl; group-id, to and subject are read", () => {
    const bytes = encodeMessage({
      header: { ttl: 500 },
      properties: { absoluteExpiryTime: NOW + 9000, groupId: "g1", to: "q", subject: "s" },
    });
    expect(parsePublishedMessage(bytes, publisher, NOW)).toMatchObject({
      expiresAt: NOW + 9000,
      groupId: "g1",
      to: "q",
      subject: "s",
    });
  });

  it("[qpid-jms delivery delay] x-opt-delivery-time, else x-opt-delivery-delay, sets deliverAt", () => {
    const at = encodeMessage({
      messageAnnotations: [[amqp.symbol("x-opt-delivery-time"), amqp.timestamp(NOW + 700)]],
    });
    expect(parsePublishedMessage(at, publisher, NOW).deliverAt).toBe(NOW + 700);
    const delay = encodeMessage({
      messageAnnotations: [[amqp.symbol("x-opt-delivery-delay"), amqp.long(300)]],
    });
    expect(parsePublishedMessage(delay, publisher, NOW).deliverAt).toBe(NOW + 300);
    const past = encodeMessage({
      messageAnnotations: [[amqp.symbol("x-opt-delivery-time"), amqp.timestamp(NOW - 1)]],
    });
    expect(parsePublishedMessage(past, publisher, NOW).deliverAt).toBeUndefined();
  });

  it("reads the routing-key annotation, the JMS destination kind and plain application properties", () => {
    const bytes = encodeMessage({
      messageAnnotations: [
        [amqp.symbol("routing-key"), amqp.string("a.b")],
        [amqp.symbol("x-opt-jms-dest"), amqp.byte(1)],
      ],
      applicationProperties: [
        ["type", amqp.string("report")],
        ["n", amqp.long(5n)],
        ["ok", amqp.boolean(true)],
        ["bin", amqp.binary(Buffer.from([1]))],
      ],
    });
    const message = parsePublishedMessage(bytes, publisher, NOW);
    expect(message.routingKey).toBe("a.b");
    expect(message.destinationKind).toBe("topic");
    expect([...message.applicationProperties]).toEqual([
      ["type", "report"],
      ["n", 5n],
      ["ok", true],
      ["bin", null],
    ]);
  });

  it("throws on malformed sections", () => {
    expect(() => parsePublishedMessage(Buffer.from([0x00, 0x53, 0x70, 0xa1]), publisher, NOW)).toThrow();
  });
});
