// Outcomes and settlement [AMQP 2.6.12, 3.4]: what each outcome does to a queued message.
import { amqp, decodeMessage, encodeMessage } from "@jms-ts/codec";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  BrokerFixture,
  deliveryCountOf,
  eventually,
  nextEvent,
  type ReceiverProbe,
  type TestClient,
  textMessage,
} from "./rhea-client";

const fixture = new BrokerFixture();
beforeEach(() => fixture.start());
afterEach(() => fixture.stop());

const withHeader = encodeMessage({
  header: { durable: true, priority: 6 },
  properties: { messageId: amqp.string("h1") },
  applicationProperties: [["n", amqp.short(7)]],
  body: { kind: "value", value: amqp.string("payload") },
});

/** A client that queued `messages` on `address`, with a receiver there holding `credit`. */
async function setUp(
  address: string,
  messages: Buffer[],
  credit: number,
): Promise<{ client: TestClient; receiver: ReceiverProbe }> {
  const client = await fixture.client();
  const sender = await client.openSender(address);
  expect(await sender.sendAll(messages)).toEqual(messages.map(() => "accepted"));
  const receiver = await client.openReceiver(address);
  receiver.link.add_credit(credit);
  return { client, receiver };
}

describe("settlement", () => {
  it("[AMQP 3.4.2] accepted removes the message from the queue", async () => {
    const { client, receiver } = await setUp("settle.accept", ["a0", "a1", "a2"].map(textMessage), 10);
    await receiver.count(3);
    await client.roundTrip();
    expect(fixture.broker.queueStats("settle.accept")).toMatchObject({ depth: 0, unsettled: 3 });
    for (const message of receiver.received) message.delivery.accept();
    await client.roundTrip();
    expect(fixture.broker.queueStats("settle.accept")).toMatchObject({ depth: 0, unsettled: 0 });
    expect(receiver.received).toHaveLength(3);
  });

  it("[AMQP 3.4.4] released puts the message back; it is redelivered unchanged, delivery-count still absent", async () => {
    const { client, receiver } = await setUp("settle.release", [withHeader], 2);
    const [first] = await receiver.count(1);
    first?.delivery.release();
    const second = await receiver.next();
    expect(second.bytes.equals(withHeader)).toBe(true);
    expect(deliveryCountOf(second.bytes)).toBeUndefined();
    second.delivery.accept();
    await client.roundTrip();
    expect(fixture.broker.queueStats("settle.release")).toMatchObject({ depth: 0, unsettled: 0 });
  });

  it("[AMQP 3.4.5] modified with delivery-failed redelivers with header delivery-count 1, all else unchanged", async () => {
    const { receiver } = await setUp("settle.modified", [withHeader], 3);
    const [first] = await receiver.count(1);
    first?.delivery.modified({ delivery_failed: true });
    const second = await receiver.next();
    const original = decodeMessage(withHeader);
    expect(decodeMessage(second.bytes)).toEqual({
      ...original,
      header: { durable: true, priority: 6, deliveryCount: 1 },
    });
    second.delivery.modified({ delivery_failed: true });
    const third = await receiver.next();
    expect(deliveryCountOf(third.bytes)).toBe(2);
  });

  it("[AMQP 3.2.1] modified on a message sent with no header adds a header carrying delivery-count 1", async () => {
    const plain = textMessage("no-header");
    const { receiver } = await setUp("settle.no-header", [plain], 2);
    const [first] = await receiver.count(1);
    expect(decodeMessage(first?.bytes ?? Buffer.alloc(0)).header).toBeUndefined();
    first?.delivery.modified({ delivery_failed: true });
    const second = await receiver.next();
    expect(decodeMessage(second.bytes).header).toEqual({ deliveryCount: 1 });
    // The header is the only change: the bare message follows it byte for byte.
    expect(second.bytes.subarray(second.bytes.length - plain.length).equals(plain)).toBe(true);
  });

  it("[AMQP 3.4.5] modified without delivery-failed is a release: delivery-count stays absent", async () => {
    const { receiver } = await setUp("settle.modified-ok", [withHeader], 2);
    const [first] = await receiver.count(1);
    first?.delivery.modified({ delivery_failed: false });
    const second = await receiver.next();
    expect(second.bytes.equals(withHeader)).toBe(true);
  });

  it("[AMQP 3.4.3] rejected removes the message: it is not redelivered", async () => {
    const { client, receiver } = await setUp("settle.reject", [textMessage("r0")], 5);
    const [first] = await receiver.count(1);
    first?.delivery.reject({ condition: "amqp:internal-error", description: "cannot process" });
    await client.roundTrip();
    expect(receiver.received).toHaveLength(1);
    expect(fixture.broker.queueStats("settle.reject")).toMatchObject({ depth: 0, unsettled: 0 });

    const again = await client.openReceiver("settle.reject");
    again.link.add_credit(5);
    await client.roundTrip();
    expect(again.received).toHaveLength(0);
  });

  it("[AMQP 2.6.12] a consumer link closed with unsettled deliveries gives them back, counted as failed", async () => {
    const { client, receiver } = await setUp("settle.link-close", ["c0", "c1", "c2"].map(textMessage), 3);
    const [c0] = await receiver.count(3);
    c0?.delivery.accept();
    await client.roundTrip();
    await closeLink(receiver);
    expect(fixture.broker.queueStats("settle.link-close")).toMatchObject({ depth: 2, consumers: 0 });

    const next = await (await fixture.client()).openReceiver("settle.link-close");
    next.link.add_credit(10);
    await next.count(2);
    expect(next.ids).toEqual(["c1", "c2"]);
    expect(next.received.map((m) => deliveryCountOf(m.bytes))).toEqual([1, 1]);
    expect(fixture.broker.queueStats("settle.link-close")).toMatchObject({ depth: 0, unsettled: 2 });
  });

  // rhea merges two dispositions written in one tick into the first one's range and outcome (its
  // write_dispositions skips the comparison for the second delivery), so each outcome below gets its own
  // round trip before the one that rides along with the detach.
  it("[AMQP 3.4.4] a release sent right before the detach is honoured: not counted as failed", async () => {
    const { client, receiver } = await setUp("settle.release-detach", ["r0", "r1", "r2"].map(textMessage), 3);
    const [r0, r1] = await receiver.count(3);
    r0?.delivery.accept();
    await client.roundTrip();
    r1?.delivery.release();
    await closeLink(receiver);

    const next = await (await fixture.client()).openReceiver("settle.release-detach");
    next.link.add_credit(10);
    await next.count(2);
    expect(next.ids).toEqual(["r1", "r2"]);
    expect(next.received.map((m) => deliveryCountOf(m.bytes))).toEqual([undefined, 1]);
  });

  it("[AMQP 3.4.4] a release sent right before the detach of a link with spare credit is not sent back to that link", async () => {
    const { client, receiver } = await setUp("settle.release-spare", ["s0", "s1", "s2"].map(textMessage), 10);
    const [s0, s1] = await receiver.count(3);
    s0?.delivery.accept();
    await client.roundTrip();
    s1?.delivery.release();
    await closeLink(receiver);
    await client.roundTrip();
    // The closing link must not be handed the released message again.
    expect(receiver.ids).toEqual(["s0", "s1", "s2"]);

    const next = await (await fixture.client()).openReceiver("settle.release-spare");
    next.link.add_credit(10);
    await next.count(2);
    expect(next.ids).toEqual(["s1", "s2"]);
    expect(next.received.map((m) => deliveryCountOf(m.bytes))).toEqual([undefined, 1]);
  });

  it("[AMQP 2.4.2] a dropped connection gives its unsettled deliveries back, counted as failed", async () => {
    const { client, receiver } = await setUp("settle.drop", ["d0", "d1"].map(textMessage), 10);
    await receiver.count(2);
    const other = await fixture.client();
    const next = await other.openReceiver("settle.drop");
    next.link.add_credit(10);
    await other.roundTrip();
    expect(next.received).toHaveLength(0);
    expect(fixture.broker.connectionCount).toBe(2);

    client.destroy();
    await next.count(2);
    expect(next.ids).toEqual(["d0", "d1"]);
    expect(next.received.map((m) => deliveryCountOf(m.bytes))).toEqual([1, 1]);
    await eventually(() => fixture.broker.connectionCount === 1, "the broker forgot the dropped connection");
  });

  it("[AMQP 2.7.3] a pre-settled consumer gets settled deliveries and the queue keeps nothing", async () => {
    const client = await fixture.client();
    const sender = await client.openSender("settle.presettled");
    await sender.sendAll(["p0", "p1", "p2"].map(textMessage));
    const receiver = await client.openReceiver({
      source: { address: "settle.presettled" },
      snd_settle_mode: 1,
    });
    expect(receiver.link.snd_settle_mode).toBe(1);
    receiver.link.add_credit(10);
    await receiver.count(3);
    await client.roundTrip();
    expect(receiver.ids).toEqual(["p0", "p1", "p2"]);
    expect(receiver.received.map((m) => m.delivery.remote_settled)).toEqual([true, true, true]);
    expect(fixture.broker.queueStats("settle.presettled")).toMatchObject({ depth: 0, unsettled: 0 });

    await closeLink(receiver);
    const later = await client.openReceiver("settle.presettled");
    later.link.add_credit(10);
    await client.roundTrip();
    expect(later.received).toHaveLength(0);
  });
});

/** Detaches a receiving link and waits for the broker's detach. */
async function closeLink(receiver: ReceiverProbe): Promise<void> {
  const closed = nextEvent(receiver.link, "receiver_close");
  receiver.link.close();
  await closed;
}
