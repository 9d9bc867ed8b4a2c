// The broker stores and forwards the bytes a producer sent, never a re-encoding of them.
import { amqp, decodeMessage, encodeMessage } from "@jms-ts/codec";
import rhea from "rhea";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BrokerFixture } from "./rhea-client";

const fixture = new BrokerFixture();
beforeEach(() => fixture.start());
afterEach(() => fixture.stop());

/** Every wire type rhea's decoder would lose: re-encoding through rhea changes these bytes. */
const typedMessage = encodeMessage({
  header: { durable: true, priority: 7, ttl: 60_000 },
  messageAnnotations: [
    [amqp.symbol("x-opt-jms-msg-type"), amqp.byte(5)],
    [amqp.symbol("x-opt-kind"), amqp.symbol("order.created")],
  ],
  properties: {
    messageId: amqp.uuid("0f8fad5b-d9cb-469f-a165-70867728950e"),
    to: "fwd.typed",
    subject: "typed",
    contentType: "application/x-jms-ts-test",
    creationTime: 1_700_000_000_123,
    correlationId: amqp.ulong(42n),
  },
  applicationProperties: [
    ["aByte", amqp.byte(-5)],
    ["aShort", amqp.short(-300)],
    ["anInt", amqp.int(42)],
    ["aLong", amqp.long(-(2n ** 40n))],
    ["aFloat", amqp.float(1.5)],
    ["aDouble", amqp.double(Math.PI)],
    ["aChar", amqp.char("€")],
    ["aUbyte", amqp.ubyte(200)],
    ["aTimestamp", amqp.timestamp(1_700_000_000_000)],
  ],
  body: {
    kind: "value",
    value: amqp.described(
      amqp.symbol("com.example:point"),
      amqp.list([
        amqp.int(1),
        amqp.described(amqp.ulong(0x1234n), amqp.map([[amqp.symbol("z"), amqp.short(3)]])),
        amqp.array("int", [amqp.int(7), amqp.int(8)]),
      ]),
    ),
  },
  footer: [[amqp.symbol("x-checksum"), amqp.uint(0xdeadbeef)]],
});

describe("forwarding", () => {
  it("[AMQP 3.2] delivers a message with typed properties and a nested described body byte for byte", async () => {
    const client = await fixture.client();
    const sender = await client.openSender("fwd.typed");
    expect(await sender.send(typedMessage)).toBe("accepted");
    const receiver = await client.openReceiver("fwd.typed");
    receiver.link.add_credit(1);
    const [received] = await receiver.count(1);

    expect(received?.bytes.equals(typedMessage)).toBe(true);
    expect(received?.delivery.format).toBe(0);
    const decoded = decodeMessage(received?.bytes ?? Buffer.alloc(0));
    expect(decoded.applicationProperties).toEqual([
      ["aByte", { type: "byte", value: -5 }],
      ["aShort", { type: "short", value: -300 }],
      ["anInt", { type: "int", value: 42 }],
      ["aLong", { type: "long", value: -(2n ** 40n) }],
      ["aFloat", { type: "float", value: 1.5 }],
      ["aDouble", { type: "double", value: Math.PI }],
      ["aChar", { type: "char", value: 0x20ac }],
      ["aUbyte", { type: "ubyte", value: 200 }],
      ["aTimestamp", { type: "timestamp", value: 1_700_000_000_000 }],
    ]);
    expect(decoded.messageAnnotations?.[1]).toEqual([
      { type: "symbol", value: "x-opt-kind" },
      { type: "symbol", value: "order.created" },
    ]);
    expect(decoded.properties?.messageId).toEqual(amqp.uuid("0f8fad5b-d9cb-469f-a165-70867728950e"));
    expect(decoded.body).toEqual(decodeMessage(typedMessage).body);
  });

  it("[AMQP 3.2] delivers a message rhea encoded itself byte for byte", async () => {
    const message = {
      message_id: "rhea-1",
      subject: "plain",
      application_properties: { count: 3, name: "x", ratio: 0.25 },
      body: rhea.message.data_section(Buffer.from([0, 1, 2, 255])) as unknown,
    };
    const expected = rhea.message.encode(message);
    const client = await fixture.client();
    const sender = await client.openSender("fwd.rhea");
    sender.link.send(message);
    const receiver = await client.openReceiver("fwd.rhea");
    receiver.link.add_credit(1);
    const [received] = await receiver.count(1);
    expect(received?.bytes.toString("hex")).toBe(expected.toString("hex"));
  });

  it("[AMQP 2.6.14] splits and reassembles a message larger than the peer's max-frame-size unchanged", async () => {
    const big = encodeMessage({
      properties: { messageId: amqp.string("big") },
      body: { kind: "data", chunks: [Buffer.alloc(100_000, 0xa5), Buffer.from("tail")] },
    });
    const producer = await fixture.client({ max_frame_size: 4096 });
    const sender = await producer.openSender("fwd.big");
    expect(await sender.send(big)).toBe("accepted");
    const consumer = await fixture.client({ max_frame_size: 4096 });
    const receiver = await consumer.openReceiver("fwd.big");
    receiver.link.add_credit(1);
    const [received] = await receiver.count(1);
    expect(received?.bytes.length).toBe(big.length);
    expect(received?.bytes.equals(big)).toBe(true);
  });

  it("[AMQP 3.2] keeps messages in the order they were sent", async () => {
    const client = await fixture.client();
    const sender = await client.openSender("fwd.order");
    const ids = Array.from({ length: 20 }, (_, i) => `m${i}`);
    for (const id of ids) {
      sender.link.send(
        encodeMessage({
          properties: { messageId: amqp.string(id) },
          body: { kind: "value", value: amqp.null },
        }),
        undefined,
        0,
      );
    }
    const receiver = await client.openReceiver("fwd.order");
    receiver.link.add_credit(20);
    await receiver.count(20);
    expect(receiver.ids).toEqual(ids);
  });
});
