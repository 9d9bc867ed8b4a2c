// Link credit and drain [AMQP 2.6.7]: the broker sends only what the consumer asked for.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BrokerFixture, creditOf, nextEvent, type SenderProbe, textMessage } from "./rhea-client";

const fixture = new BrokerFixture();
beforeEach(() => fixture.start());
afterEach(() => fixture.stop());

const ids = (count: number) => Array.from({ length: count }, (_, i) => `m${i}`);

async function fill(sender: SenderProbe, count: number): Promise<void> {
  expect(await sender.sendAll(ids(count).map(textMessage))).toEqual(Array(count).fill("accepted"));
}

describe("credit", () => {
  it("[AMQP 2.6.7] a receiver with no credit gets nothing", async () => {
    const client = await fixture.client();
    await fill(await client.openSender("credit.zero"), 5);
    const receiver = await client.openReceiver("credit.zero");
    await client.roundTrip();
    expect(receiver.received).toHaveLength(0);
    expect(fixture.broker.queueStats("credit.zero")).toMatchObject({
      name: "credit.zero",
      depth: 5,
      unsettled: 0,
      consumers: 1,
    });
  });

  it("[AMQP 2.6.7] credit 3 on a backlog of 5 delivers exactly 3; 2 more credit delivers the rest", async () => {
    const client = await fixture.client();
    await fill(await client.openSender("credit.three"), 5);
    const receiver = await client.openReceiver("credit.three");
    receiver.link.add_credit(3);
    await receiver.count(3);
    await client.roundTrip();
    expect(receiver.ids).toEqual(["m0", "m1", "m2"]);
    expect(creditOf(receiver.link)).toBe(0);

    receiver.link.add_credit(2);
    await receiver.count(5);
    await client.roundTrip();
    expect(receiver.ids).toEqual(ids(5));
  });

  it("[AMQP 2.6.7] messages beyond a consumer's credit stay in the queue for other consumers", async () => {
    const client = await fixture.client();
    await fill(await client.openSender("credit.share"), 4);
    const stingy = await client.openReceiver("credit.share");
    stingy.link.add_credit(1);
    await stingy.count(1);
    await client.roundTrip();
    expect(stingy.ids).toEqual(["m0"]);
    // Only m0 went out; m1..m3 are still the queue's to give.
    expect(fixture.broker.queueStats("credit.share")).toMatchObject({ depth: 3, unsettled: 1 });

    const other = await fixture.client();
    const generous = await other.openReceiver("credit.share");
    generous.link.add_credit(10);
    await generous.count(3);
    expect(generous.ids).toEqual(["m1", "m2", "m3"]);
  });

  it("[AMQP 2.6.7] a receiver out of credit does not hold up another receiver on the same connection", async () => {
    const client = await fixture.client();
    await fill(await client.openSender("credit.hol-a"), 3);
    const a = await client.openReceiver("credit.hol-a");
    a.link.add_credit(1);
    await a.count(1);
    const b = await client.openReceiver("credit.hol-b");
    b.link.add_credit(5);
    await client.roundTrip();
    const sender = await client.openSender("credit.hol-b");
    expect(await sender.send(textMessage("b0"))).toBe("accepted");
    await b.count(1);
    expect(b.ids).toEqual(["b0"]);
    expect(a.ids).toEqual(["m0"]);
  });

  it("[AMQP 2.6.7] drain delivers what is queued, then the broker answers with credit 0", async () => {
    const client = await fixture.client();
    await fill(await client.openSender("credit.drain"), 2);
    const receiver = await client.openReceiver("credit.drain");
    const drained = nextEvent(receiver.link, "receiver_drained");
    receiver.link.drain = true;
    receiver.link.add_credit(5);
    await drained;
    expect(receiver.ids).toEqual(["m0", "m1"]);
    expect(creditOf(receiver.link)).toBe(0);
    expect(fixture.broker.queueStats("credit.drain")).toMatchObject({ depth: 0, unsettled: 2 });
  });

  it("[AMQP 2.6.7] drain_credit() on an empty queue is answered at once", async () => {
    const client = await fixture.client();
    const receiver = await client.openReceiver("credit.drain-empty");
    receiver.link.add_credit(4);
    await client.roundTrip();
    const drained = nextEvent(receiver.link, "receiver_drained");
    receiver.link.drain_credit();
    await drained;
    expect(receiver.received).toHaveLength(0);
    expect(creditOf(receiver.link)).toBe(0);
  });

  it("[AMQP 2.6.7] drain with exactly as much credit as queued messages is still answered", async () => {
    const client = await fixture.client();
    await fill(await client.openSender("credit.drain-exact"), 3);
    const receiver = await client.openReceiver("credit.drain-exact");
    const drained = nextEvent(receiver.link, "receiver_drained");
    receiver.link.drain = true;
    receiver.link.add_credit(3);
    await drained;
    expect(receiver.ids).toEqual(["m0", "m1", "m2"]);
    expect(creditOf(receiver.link)).toBe(0);
  });

  it("[AMQP 2.6.7] after a drain, fresh credit delivers messages sent later", async () => {
    const client = await fixture.client();
    const sender = await client.openSender("credit.after-drain");
    const receiver = await client.openReceiver("credit.after-drain");
    const drained = nextEvent(receiver.link, "receiver_drained");
    receiver.link.drain = true;
    receiver.link.add_credit(2);
    await drained;
    receiver.link.drain = false; // rhea never clears it [rhea.md 1.6]
    receiver.link.add_credit(2);
    await client.roundTrip();
    await fill(sender, 2);
    await receiver.count(2);
    expect(receiver.ids).toEqual(["m0", "m1"]);
  });
});
