// Queue semantics through AMQP links [issue 5 item 5]: priority, expiry, delayed delivery, message groups,
// dead-lettering, exclusive and auto-delete queues, overflow policies. Timed cases use short real times
// and wait on events; nothing sleeps to synchronise.
import { amqp, encodeMessage, type Header, type Properties } from "@jms-ts/codec";
import type { Delivery } from "rhea";
import { afterEach, describe, expect, it } from "vitest";
import {
  attachRefusal,
  BrokerFixture,
  eventually,
  nextEvent,
  type ReceiverProbe,
  type TestClient,
} from "./rhea-client";

const fixture = new BrokerFixture();
afterEach(() => fixture.stop());

function message(
  id: string,
  fields: {
    header?: Header;
    properties?: Properties;
    annotations?: Array<[string, ReturnType<typeof amqp.long>]>;
  } = {},
): Buffer {
  return encodeMessage({
    ...(fields.header ? { header: fields.header } : {}),
    properties: { messageId: amqp.string(id), ...fields.properties },
    ...(fields.annotations
      ? {
          messageAnnotations: fields.annotations.map(([k, v]): [ReturnType<typeof amqp.symbol>, typeof v] => [
            amqp.symbol(k),
            v,
          ]),
        }
      : {}),
    body: { kind: "value", value: amqp.string(id) },
  });
}

async function receiverWith(client: TestClient, address: string, credit: number): Promise<ReceiverProbe> {
  const receiver = await client.openReceiver(address);
  receiver.link.add_credit(credit);
  return receiver;
}

function rejectionOf(delivery: Delivery): { condition?: string; description?: string } | undefined {
  return (delivery as Delivery & { remote_state?: { error?: { condition?: string; description?: string } } })
    .remote_state?.error;
}

describe("queue semantics over AMQP", () => {
  it("[JMS 2.0 3.4.10] delivers higher priorities first, FIFO within a priority", async () => {
    await fixture.start();
    const client = await fixture.client();
    const sender = await client.openSender("sem.priority");
    const sent: Array<[string, number]> = [
      ["a4", 4],
      ["b9", 9],
      ["c0", 0],
      ["d9", 9],
      ["e4", 4],
      ["f7", 7],
    ];
    await sender.sendAll(sent.map(([id, priority]) => message(id, { header: { priority } })));
    const receiver = await receiverWith(client, "sem.priority", 10);
    await receiver.count(6);
    expect(receiver.ids).toEqual(["b9", "d9", "f7", "a4", "e4", "c0"]);
  });

  it("[AMQP 3.2.1 ttl] never delivers an expired message, to consumers or browsers; the queue's TTL applies too", async () => {
    await fixture.start({ config: { queues: [{ name: "sem.ttl", messageTtlMs: 60_000 }] } });
    const client = await fixture.client();
    const sender = await client.openSender("sem.ttl");
    await sender.sendAll([
      message("short", { header: { ttl: 50 } }),
      message("past", { properties: { absoluteExpiryTime: Date.now() - 1000 } }),
      message("kept"),
    ]);
    await eventually(() => fixture.broker.queueStats("sem.ttl")?.expired === 2, "two messages expired");
    const browser = await client.openReceiver({ source: { address: "sem.ttl", distribution_mode: "copy" } });
    browser.link.add_credit(10);
    await browser.count(1);
    const receiver = await receiverWith(client, "sem.ttl", 10);
    await receiver.count(1);
    await client.roundTrip();
    expect(browser.ids).toEqual(["kept"]);
    expect(receiver.ids).toEqual(["kept"]);
  });

  it("[AMQP 3.2.1 ttl] an expired message goes to the dead-letter queue when the queue says so", async () => {
    await fixture.start({
      config: {
        queues: [
          { name: "sem.expire", expiry: "dead-letter", deadLetterQueue: "sem.expired" },
          { name: "sem.expired" },
        ],
      },
    });
    const client = await fixture.client();
    const sender = await client.openSender("sem.expire");
    await sender.send(message("old", { header: { ttl: 30 } }));
    const dead = await receiverWith(client, "sem.expired", 1);
    await dead.count(1);
    expect(dead.ids).toEqual(["old"]);
    expect(fixture.broker.queueStats("sem.expire")).toMatchObject({ depth: 0, expired: 1 });
  });

  it("[qpid-jms delivery delay] holds a message until x-opt-delivery-time / x-opt-delivery-delay, and offers DELAYED_DELIVERY", async () => {
    await fixture.start();
    const client = await fixture.client();
    const offered = (client.connection as unknown as { remote: { open: { offered_capabilities?: unknown } } })
      .remote.open.offered_capabilities;
    expect(offered).toContain("DELAYED_DELIVERY");
    const receiver = await receiverWith(client, "sem.delay", 10);
    const sender = await client.openSender("sem.delay");
    const start = Date.now();
    await sender.send(message("at", { annotations: [["x-opt-delivery-time", amqp.long(start + 300)]] }));
    await sender.send(message("delay", { annotations: [["x-opt-delivery-delay", amqp.long(150)]] }));
    await sender.send(message("now"));
    await receiver.count(1);
    expect(receiver.ids).toEqual(["now"]);
    expect(fixture.broker.queueStats("sem.delay")?.scheduled).toBe(2);
    await receiver.count(3);
    expect(receiver.ids).toEqual(["now", "delay", "at"]);
    expect(Date.now() - start).toBeGreaterThanOrEqual(290);
  });

  it("[JMS 2.0 3.5.9] keeps a JMSXGroupID group on one consumer, and moves it when that consumer leaves", async () => {
    await fixture.start();
    const client = await fixture.client();
    const sender = await client.openSender("sem.groups");
    const first = await receiverWith(client, "sem.groups", 100);
    const second = await receiverWith(client, "sem.groups", 100);
    const grouped = (id: string, group: string) => message(id, { properties: { groupId: group } });
    await sender.sendAll(
      ["g1-0", "g2-0", "g1-1", "g2-1", "g1-2", "g2-2"].map((id) => grouped(id, id.slice(0, 2))),
    );
    await eventually(() => first.received.length + second.received.length === 6, "all six delivered");
    const groupsOf = (r: ReceiverProbe) => new Set(r.ids.map((id) => id?.slice(0, 2)));
    expect([...groupsOf(first)]).toHaveLength(1);
    expect([...groupsOf(second)]).toHaveLength(1);
    const [owner, other] = groupsOf(first).has("g1") ? [first, second] : [second, first];
    for (const { delivery } of [...first.received, ...second.received]) delivery.accept();
    owner.link.close();
    await client.roundTrip();
    await sender.send(grouped("g1-3", "g1"));
    await other.count(4);
    expect(other.ids.at(-1)).toBe("g1-3");
  });

  it("[AMQP 3.4.3] a rejected message goes to the dead-letter queue as the bytes it arrived with", async () => {
    await fixture.start({
      config: { queues: [{ name: "sem.work", deadLetterQueue: "sem.dlq" }, { name: "sem.dlq" }] },
    });
    const client = await fixture.client();
    const sender = await client.openSender("sem.work");
    const sent = message("poison", { properties: { subject: "s" } });
    await sender.send(sent);
    const receiver = await receiverWith(client, "sem.work", 1);
    const [received] = await receiver.count(1);
    received?.delivery.reject({ condition: "amqp:internal-error", description: "cannot handle" });
    const dead = await receiverWith(client, "sem.dlq", 1);
    const [deadLetter] = await dead.count(1);
    expect(deadLetter?.bytes.equals(sent)).toBe(true);
    expect(fixture.broker.queueStats("sem.work")).toMatchObject({ depth: 0, deadLettered: 1 });
  });

  it("[AMQP 3.4.5] modified with undeliverable-here, or delivery-failed past maxDeliveryAttempts, dead-letters", async () => {
    await fixture.start({
      config: {
        queues: [
          { name: "sem.retry", deadLetterQueue: "sem.retry.dlq", maxDeliveryAttempts: 2 },
          { name: "sem.retry.dlq" },
        ],
      },
    });
    const client = await fixture.client();
    const sender = await client.openSender("sem.retry");
    await sender.sendAll([message("refused"), message("failing")]);
    const receiver = await receiverWith(client, "sem.retry", 10);
    await receiver.count(2);
    receiver.received[0]?.delivery.modified({ delivery_failed: true, undeliverable_here: true });
    receiver.received[1]?.delivery.modified({ delivery_failed: true });
    await receiver.count(3);
    expect(receiver.ids[2]).toBe("failing");
    receiver.received[2]?.delivery.modified({ delivery_failed: true });
    const dead = await receiverWith(client, "sem.retry.dlq", 10);
    await dead.count(2);
    expect(dead.ids).toEqual(["refused", "failing"]);
  });

  it("[AMQP 3.4.3] without a dead-letter queue a rejected message is dropped and counted", async () => {
    await fixture.start();
    const client = await fixture.client();
    await (await client.openSender("sem.drop")).send(message("x"));
    const receiver = await receiverWith(client, "sem.drop", 1);
    (await receiver.count(1))[0]?.delivery.reject();
    await client.roundTrip();
    expect(fixture.broker.queueStats("sem.drop")).toMatchObject({ depth: 0, unsettled: 0, dequeued: 1 });
  });

  it("an exclusive queue refuses a second consumer with amqp:resource-locked, and takes one after the first left", async () => {
    await fixture.start({ config: { queues: [{ name: "sem.exclusive", exclusive: true }] } });
    const client = await fixture.client();
    const first = await client.openReceiver("sem.exclusive");
    const refusal = await attachRefusal(client.openReceiver("sem.exclusive"));
    expect(refusal.condition).toBe("amqp:resource-locked");
    first.link.close();
    await nextEvent(first.link, "receiver_close");
    await client.openReceiver("sem.exclusive");
  });

  it("an auto-delete queue goes with its last consumer", async () => {
    await fixture.start({ config: { queues: [{ name: "sem.auto", autoDelete: true }] } });
    const client = await fixture.client();
    const consumer = await client.openReceiver("sem.auto");
    consumer.link.close();
    await client.roundTrip();
    expect(fixture.broker.queueNames()).not.toContain("sem.auto");
  });

  it("[AMQP 2.8.15] reject-publish refuses a message over the limit with amqp:resource-limit-exceeded; drop-head drops the oldest", async () => {
    await fixture.start({
      config: {
        queues: [
          { name: "sem.full", maxLength: 2, overflow: "reject-publish" },
          { name: "sem.ring", maxLength: 2, overflow: "drop-head" },
        ],
      },
    });
    const client = await fixture.client();
    const full = await client.openSender("sem.full");
    expect(await full.sendAll([message("1"), message("2")])).toEqual(["accepted", "accepted"]);
    const rejected = nextEvent(full.link, "rejected");
    full.link.send(message("3"), undefined, 0);
    expect(rejectionOf((await rejected).delivery as Delivery)).toMatchObject({
      condition: "amqp:resource-limit-exceeded",
      description: 'queue "sem.full" is full: 2 messages (maxLength 2)',
    });
    const ring = await client.openSender("sem.ring");
    expect(await ring.sendAll(["1", "2", "3"].map((id) => message(id)))).toEqual([
      "accepted",
      "accepted",
      "accepted",
    ]);
    const receiver = await receiverWith(client, "sem.ring", 10);
    await receiver.count(2);
    expect(receiver.ids).toEqual(["2", "3"]);
    expect(fixture.broker.queueStats("sem.ring")?.dropped).toBe(1);
  });
});
