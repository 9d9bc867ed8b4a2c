// Messages shared by the tests (not part of the published surface).
import { amqp } from "./amqp";
import type { MessageSections } from "./message-sections";

/** A JMS TextMessage as Qpid JMS would send it, with application properties of every numeric type. */
export const fullMessage: MessageSections = {
  header: { durable: true },
  messageAnnotations: [[amqp.symbol("x-opt-jms-msg-type"), amqp.byte(5)]],
  properties: { messageId: amqp.string("ID:abc"), to: "queue://orders", creationTime: 1_700_000_000_123 },
  applicationProperties: [
    ["b", amqp.byte(-1)],
    ["s", amqp.short(-300)],
    ["i", amqp.int(70_000)],
    ["l", amqp.long(-(2n ** 40n))],
    ["f", amqp.float(1.25)],
    ["d", amqp.double(0.1)],
    ["ub", amqp.ubyte(200)],
    ["us", amqp.ushort(60_000)],
    ["ui", amqp.uint(3_000_000_000)],
    ["ul", amqp.ulong(2n ** 64n - 1n)],
    ["bool", amqp.boolean(false)],
    ["str", amqp.string("x")],
  ],
  body: { kind: "value", value: amqp.string("hello") },
};
