// Topics [JMS 2.0 6.11]: the `topic` capability names a topic; each receiver gets a private subscription
// and every message is copied to every subscription present when it is published.
import { amqp, encodeMessage } from "@jms-ts/codec";
import rhea from "rhea";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BrokerFixture, type TestClient, textMessage } from "./rhea-client";

const fixture = new BrokerFixture();
beforeEach(() => fixture.start());
afterEach(() => fixture.stop());

const topic = (address: string) => ({ address, capabilities: ["topic"] });
/** Subscriptions to the JMS topic `name`: queues bound to amq.topic with that key. */
const subscribers = (name: string) =>
  fixture.broker.bindings("amq.topic").filter((b) => b.key === name).length;
const NO_LOCAL = 0x0000468c00000003;
const SELECTOR = 0x0000468c00000004;

async function subscribe(client: TestClient, address: string, credit = 10, filter?: Record<string, unknown>) {
  const receiver = await client.openReceiver({
    source: { ...topic(address), ...(filter ? { filter } : {}) },
  });
  receiver.link.add_credit(credit);
  return receiver;
}

describe("topics", () => {
  it("[JMS 2.0 6.11] copies every message to each of two subscribers, as the same bytes", async () => {
    const client = await fixture.client();
    const a = await subscribe(client, "t.fan");
    const b = await subscribe(await fixture.client(), "t.fan");
    const sender = await client.openSender({ target: topic("t.fan") });
    const sent = ["f0", "f1", "f2"].map(textMessage);
    expect(await sender.sendAll(sent)).toEqual(["accepted", "accepted", "accepted"]);
    await Promise.all([a.count(3), b.count(3)]);
    expect(a.ids).toEqual(["f0", "f1", "f2"]);
    expect(b.ids).toEqual(["f0", "f1", "f2"]);
    expect(b.received.map((m) => m.bytes.equals(sent[b.received.indexOf(m)] as Buffer))).toEqual([
      true,
      true,
      true,
    ]);
    expect(subscribers("t.fan")).toBe(2);
    expect(fixture.broker.queueNames()).not.toContain("t.fan");
  });

  it("[JMS 2.0 6.11] a message published with no subscriber is accepted and dropped; a later subscriber sees only later ones", async () => {
    const client = await fixture.client();
    const sender = await client.openSender({ target: topic("t.later") });
    expect(await sender.send(textMessage("before"))).toBe("accepted");
    const late = await subscribe(client, "t.later");
    expect(await sender.send(textMessage("after"))).toBe("accepted");
    await late.count(1);
    await client.roundTrip();
    expect(late.ids).toEqual(["after"]);
  });

  it("[JMS 2.0 6.11] a subscription ends with its link: detached subscribers get nothing more", async () => {
    const client = await fixture.client();
    const gone = await subscribe(client, "t.detach");
    const staying = await subscribe(client, "t.detach");
    gone.link.close();
    await client.roundTrip();
    expect(subscribers("t.detach")).toBe(1);
    const sender = await client.openSender({ target: topic("t.detach") });
    await sender.send(textMessage("d0"));
    await staying.count(1);
    expect(gone.received).toHaveLength(0);
    await client.close();
    await fixture.client().then((c) => c.roundTrip());
    expect(subscribers("t.detach")).toBe(0);
  });

  it("[JMS 2.0 6.11.1] no-local: drops messages published on the subscriber's own connection and echoes the filter", async () => {
    const local = await fixture.client();
    const filter = { "no-local": rhea.types.wrap_described("NoLocalFilter{}", NO_LOCAL) };
    const subscriber = await subscribe(local, "t.nolocal", 10, filter);
    expect(Object.keys(subscriber.link.source.filter ?? {})).toEqual(["no-local"]);
    const plain = await subscribe(local, "t.nolocal");
    const ownSender = await local.openSender({ target: topic("t.nolocal") });
    await ownSender.send(textMessage("mine"));
    const other = await fixture.client();
    const otherSender = await other.openSender({ target: topic("t.nolocal") });
    await otherSender.send(textMessage("theirs"));
    await Promise.all([subscriber.count(1), plain.count(2)]);
    await local.roundTrip();
    expect(subscriber.ids).toEqual(["theirs"]);
    expect(plain.ids).toEqual(["mine", "theirs"]);
  });

  it("[AMQP 3.5.3] the attach reply echoes the selector the broker applies and leaves out a filter it does not know", async () => {
    const client = await fixture.client();
    const filter = {
      "jms-selector": rhea.types.wrap_described("a = 1", SELECTOR),
      "made-up": rhea.types.wrap_described("x", "example:unknown-filter"),
    };
    const subscriber = await subscribe(client, "t.selector", 10, filter);
    expect(Object.keys(subscriber.link.source.filter ?? {})).toEqual(["jms-selector"]);
  });

  it("amq.topic/<name> addresses the topic <name>, as on Qpid Broker-J", async () => {
    const client = await fixture.client();
    const viaExchange = await client.openReceiver("amq.topic/t.alias");
    viaExchange.link.add_credit(5);
    const byCapability = await subscribe(client, "t.alias");
    const sender = await client.openSender("amq.topic/t.alias");
    await sender.send(textMessage("alias"));
    await Promise.all([viaExchange.count(1), byCapability.count(1)]);
    expect(subscribers("t.alias")).toBe(2);
  });

  it("[Broker-J] a queue and a JMS topic may share a name: the topic is a key on amq.topic, apart from the queue", async () => {
    const client = await fixture.client();
    const subscriber = await subscribe(client, "shared.name");
    const toQueue = await client.openSender({ target: { address: "shared.name", capabilities: ["queue"] } });
    const untyped = await client.openSender("shared.name");
    const toTopic = await client.openSender({ target: topic("shared.name") });
    expect(await toQueue.send(textMessage("q1"))).toBe("accepted");
    expect(await untyped.send(textMessage("q2"))).toBe("accepted");
    expect(await toTopic.send(textMessage("t1"))).toBe("accepted");
    await subscriber.count(1);
    await client.roundTrip();
    expect(subscriber.ids).toEqual(["t1"]);
    expect(fixture.broker.queueStats("shared.name")?.depth).toBe(2);
  });

  it("[AMQP 3.2.4] copies keep the published bytes exactly (header, annotations, properties)", async () => {
    const client = await fixture.client();
    const subscriber = await subscribe(client, "t.bytes");
    const sender = await client.openSender({ target: topic("t.bytes") });
    const message = encodeMessage({
      header: { durable: true, priority: 7 },
      messageAnnotations: [[amqp.symbol("x-opt-jms-dest"), amqp.byte(1)]],
      properties: { messageId: amqp.string("b0"), to: "t.bytes" },
      applicationProperties: [["big", amqp.long(2n ** 60n)]],
      body: { kind: "value", value: amqp.string("x") },
    });
    await sender.send(message);
    const [received] = await subscriber.count(1);
    expect(received?.bytes.equals(message)).toBe(true);
  });
});
