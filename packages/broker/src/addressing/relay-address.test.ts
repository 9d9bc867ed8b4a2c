import { AmqpDecodeError, amqp, encodeMessage } from "@jms-ts/codec";
import { describe, expect, it } from "vitest";
import { AddressError } from "./address-resolver";
import { relayAddress } from "./relay-address";

const message = (to: string | undefined, annotation?: ReturnType<typeof amqp.byte>) =>
  encodeMessage({
    ...(annotation ? { messageAnnotations: [[amqp.symbol("x-opt-jms-dest"), annotation]] } : {}),
    properties: { messageId: amqp.string("m"), ...(to === undefined ? {} : { to }) },
    body: { kind: "value", value: amqp.string("body") },
  });

describe("relayAddress", () => {
  it("[AMQP 3.2.4] reads `to`; without x-opt-jms-dest the kind is left to the address", () => {
    expect(relayAddress(message("orders"))).toEqual({ address: "orders", kind: undefined });
  });

  it.each([
    [0, "queue"],
    [1, "topic"],
    [2, "queue"],
    [3, "topic"],
    [9, undefined],
  ])("[qpid-jms 2.3] x-opt-jms-dest %i means %s", (code, kind) => {
    expect(relayAddress(message("d", amqp.byte(code))).kind).toBe(kind);
  });

  it("refuses a message without `to` with a not-found AddressError that says why", () => {
    expect(() => relayAddress(message(undefined))).toThrow(AddressError);
    expect(() => relayAddress(message(""))).toThrow(/needs properties.to/);
  });

  it("throws AmqpDecodeError for malformed sections", () => {
    expect(() => relayAddress(Buffer.from([0x00, 0x53, 0x73, 0xd0, 0xff]))).toThrow(AmqpDecodeError);
  });
});
