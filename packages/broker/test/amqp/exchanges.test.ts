// Exchanges and bindings through AMQP links (docs/broker/addressing.md): declared from a config, addressed
// as X and X/K, with Broker-J's resolution order and unroutable handling.
import { amqp, encodeMessage } from "@jms-ts/codec";
import type { Delivery } from "rhea";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { attachRefusal, BrokerFixture, idOf, nextEvent, type TestClient } from "./rhea-client";

const fixture = new BrokerFixture();
beforeEach(() =>
  fixture.start({
    config: {
      exchanges: [
        { name: "ex.direct", type: "direct" },
        { name: "ex.topic", type: "topic" },
        { name: "ex.alt", type: "direct", alternateExchange: "amq.fanout" },
      ],
      queues: [
        { name: "q.blue" },
        { name: "q.nyse" },
        { name: "q.stock" },
        { name: "q.reports" },
        { name: "q.unrouted" },
      ],
      bindings: [
        { exchange: "ex.direct", queue: "q.blue", key: "blue" },
        { exchange: "ex.topic", queue: "q.nyse", key: "stock.*.nyse" },
        { exchange: "ex.topic", queue: "q.stock", key: "stock.#" },
        {
          exchange: "amq.match",
          queue: "q.reports",
          arguments: { "x-match": "all", type: "report", region: "eu" },
        },
        { exchange: "amq.fanout", queue: "q.unrouted" },
      ],
    },
  }),
);
afterEach(() => fixture.stop());

function message(id: string, fields: { subject?: string; properties?: Record<string, string> } = {}): Buffer {
  return encodeMessage({
    properties: { messageId: amqp.string(id), ...(fields.subject ? { subject: fields.subject } : {}) },
    applicationProperties: Object.entries(fields.properties ?? {}).map(([k, v]) => [k, amqp.string(v)]),
    body: { kind: "value", value: amqp.string(id) },
  });
}

/** The message-ids waiting in a queue, read with a fresh receiver. */
async function drainIds(client: TestClient, queue: string): Promise<Array<string | undefined>> {
  const depth = fixture.broker.queueStats(queue)?.depth ?? 0;
  if (depth === 0) return [];
  const receiver = await client.openReceiver(queue);
  receiver.link.add_credit(depth);
  const received = await receiver.count(depth);
  for (const { delivery } of received) delivery.accept();
  receiver.link.close();
  return received.map(({ bytes }) => idOf(bytes));
}

describe("exchanges", () => {
  it("[Broker-J] a target naming an exchange routes by subject; X/K fixes the key for the link", async () => {
    const client = await fixture.client();
    const bySubject = await client.openSender("ex.direct");
    expect(await bySubject.send(message("s-blue", { subject: "blue" }))).toBe("accepted");
    const fixed = await client.openSender("ex.direct/blue");
    expect(await fixed.send(message("k-blue", { subject: "ignored" }))).toBe("accepted");
    expect(await drainIds(client, "q.blue")).toEqual(["s-blue", "k-blue"]);
    expect(fixture.broker.exchangeStats("ex.direct")).toMatchObject({
      type: "direct",
      routed: 2,
      bindings: 1,
    });
  });

  it("[AMQP 3.4.4] a message no binding matches is released to the sender and stored nowhere", async () => {
    const client = await fixture.client();
    const sender = await client.openSender("ex.direct");
    expect(await sender.send(message("nobody", { subject: "green" }))).toBe("released");
    expect(fixture.broker.queueStats("q.blue")?.depth).toBe(0);
    expect(fixture.broker.exchangeStats("ex.direct")?.unroutable).toBe(1);
  });

  it("an unroutable message goes to the alternate exchange when one is configured", async () => {
    const client = await fixture.client();
    const sender = await client.openSender("ex.alt");
    expect(await sender.send(message("alt", { subject: "none" }))).toBe("accepted");
    expect(await drainIds(client, "q.unrouted")).toEqual(["alt"]);
  });

  it("[Broker-J] REJECT_UNROUTABLE rejects with amqp:not-found; DISCARD_UNROUTABLE accepts and drops", async () => {
    const client = await fixture.client();
    const rejecting = await client.openSender({
      target: { address: "ex.direct", capabilities: ["REJECT_UNROUTABLE"] },
    });
    const rejected = nextEvent(rejecting.link, "rejected");
    rejecting.link.send(message("r", { subject: "none" }), undefined, 0);
    const error = (
      (await rejected).delivery as Delivery & { remote_state?: { error?: { condition?: string } } }
    ).remote_state?.error;
    expect(error?.condition).toBe("amqp:not-found");
    const discarding = await client.openSender({
      target: { address: "ex.direct", capabilities: ["DISCARD_UNROUTABLE"] },
    });
    expect(await discarding.send(message("d", { subject: "none" }))).toBe("accepted");
  });

  it("[AMQP 0-9-1 3.1.3.3] topic patterns: * is one word, # zero or more", async () => {
    const client = await fixture.client();
    const sender = await client.openSender("ex.topic");
    for (const key of ["stock.ibm.nyse", "stock.ibm.nasdaq", "stock", "bond.x.nyse"]) {
      expect(await sender.send(message(key, { subject: key }))).toBe(
        key === "bond.x.nyse" ? "released" : "accepted",
      );
    }
    expect(await drainIds(client, "q.nyse")).toEqual(["stock.ibm.nyse"]);
    expect(await drainIds(client, "q.stock")).toEqual(["stock.ibm.nyse", "stock.ibm.nasdaq", "stock"]);
  });

  it("[AMQP 0-9-1 3.1.3.4] amq.match routes by application properties with x-match all", async () => {
    const client = await fixture.client();
    const sender = await client.openSender("amq.match");
    expect(await sender.send(message("eu", { properties: { type: "report", region: "eu" } }))).toBe(
      "accepted",
    );
    expect(await sender.send(message("us", { properties: { type: "report", region: "us" } }))).toBe(
      "released",
    );
    expect(await drainIds(client, "q.reports")).toEqual(["eu"]);
  });

  it("[Broker-J] a source naming an exchange, or X/K, gets a private subscription queue deleted with the link", async () => {
    const client = await fixture.client();
    const nyse = await client.openReceiver("amq.topic/stock.*.nyse");
    const everything = await client.openReceiver("amq.fanout");
    nyse.link.add_credit(10);
    everything.link.add_credit(10);
    const subscriptions = fixture.broker.queueNames().filter((name) => name.startsWith("qpidsub_/"));
    expect(subscriptions).toHaveLength(2);
    const sender = await client.openSender("amq.topic");
    expect(await sender.send(message("a", { subject: "stock.ibm.nyse" }))).toBe("accepted");
    expect(await sender.send(message("b", { subject: "stock.ibm.nasdaq" }))).toBe("released");
    await nyse.count(1);
    await client.roundTrip();
    expect(nyse.ids).toEqual(["a"]);
    expect(everything.ids).toEqual([]);
    nyse.link.close();
    everything.link.close();
    await client.roundTrip();
    expect(fixture.broker.queueNames().filter((name) => name.startsWith("qpidsub_/"))).toEqual([]);
    expect(fixture.broker.bindings("amq.topic")).toEqual([]);
  });

  it("[JMS 2.0 6.11] with the topic capability a name is a key on amq.topic, and no subscriber is no failure", async () => {
    const client = await fixture.client();
    const subscriber = await client.openReceiver({
      source: { address: "prices.*", capabilities: ["topic"] },
    });
    subscriber.link.add_credit(10);
    const sender = await client.openSender({ target: { address: "prices.ibm", capabilities: ["topic"] } });
    expect(await sender.send(message("p1"))).toBe("accepted");
    await subscriber.count(1);
    const lonely = await client.openSender({
      target: { address: "nobody.listens", capabilities: ["topic"] },
    });
    expect(await lonely.send(message("p2"))).toBe("accepted");
    expect(fixture.broker.queueNames()).not.toContain("prices.ibm");
  });

  it("X/K where X is not an exchange is refused with amqp:not-found", async () => {
    const client = await fixture.client();
    const refusal = await attachRefusal(client.openSender("q.blue/key"));
    expect(refusal.condition).toBe("amqp:not-found");
    expect(refusal.description).toMatch(/no exchange "q.blue"/);
  });
});
