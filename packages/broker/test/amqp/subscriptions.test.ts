// Durable and shared topic subscriptions [JMS 2.0 6.11], named and unsubscribed as Qpid JMS does it
// [qpid-jms 2.6, 2.7], held in queues named as Qpid Broker-J names them.
import rhea from "rhea";
import type { Receiver, Source } from "rhea";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  attachRefusal,
  BrokerFixture,
  type ClientOptions,
  nextEvent,
  type ReceiverProbe,
  type TestClient,
  textMessage,
} from "./rhea-client";

const fixture = new BrokerFixture();
beforeEach(() => fixture.start());
afterEach(() => fixture.stop());

const SELECTOR = 0x0000468c00000004;
const topic = (address: string): Source => ({ address, capabilities: ["topic"] });
/** A durable subscriber's source as Qpid JMS sends it [qpid-jms 2.6]. */
const durable = (address: string, capabilities: string[] = ["topic"]): Source => ({
  address,
  capabilities,
  durable: 2,
  expiry_policy: "never",
  distribution_mode: "copy",
});

/** A client connection with the given container-id (the JMS ClientID). */
async function clientAs(containerId: string): Promise<TestClient> {
  const options: ClientOptions & { container_id: string } = { container_id: containerId };
  return fixture.client(options);
}

async function subscriber(
  client: TestClient,
  name: string,
  source: Source,
  credit = 10,
): Promise<ReceiverProbe> {
  const receiver = await client.openReceiver({ name, source });
  receiver.link.add_credit(credit);
  return receiver;
}

/** Detaches without closing [AMQP 2.6.6]: Qpid JMS closing a durable subscriber. */
async function detach(link: Receiver): Promise<void> {
  const answered = nextEvent(link, "receiver_close");
  link.detach();
  await answered;
}

async function closeLink(link: Receiver): Promise<void> {
  const answered = nextEvent(link, "receiver_close");
  link.close();
  await answered;
}

async function publish(client: TestClient, address: string, ids: string[]): Promise<void> {
  const sender = await client.openSender({ target: topic(address) });
  expect(await sender.sendAll(ids.map(textMessage))).toEqual(ids.map(() => "accepted"));
}

describe("durable subscriptions", () => {
  it("[JMS 2.0 6.11.1] survive a detach (closed=false): messages published meanwhile arrive on reattach", async () => {
    const first = await clientAs("client-a");
    const sub = await subscriber(first, "sub1", durable("t.dur"));
    expect(sub.link.source).toMatchObject({ address: "t.dur", durable: 2, expiry_policy: "never" });
    await publish(first, "t.dur", ["d0"]);
    await sub.count(1);
    sub.received[0]?.delivery.accept();
    await detach(sub.link);
    expect(
      (sub.link as unknown as { remote: { detach: { closed?: boolean } } }).remote.detach.closed,
    ).toBeFalsy();
    await publish(first, "t.dur", ["d1", "d2"]);
    expect(fixture.broker.queueStats("qpidsub_/client-a_/sub1_/durable")?.depth).toBe(2);
    await first.close();
    const again = await subscriber(await clientAs("client-a"), "sub1", durable("t.dur"));
    await again.count(2);
    expect(again.ids).toEqual(["d1", "d2"]);
  });

  it("[AMQP 2.6.6] a detach with closed=true unsubscribes: the queue is gone", async () => {
    const client = await clientAs("client-b");
    const sub = await subscriber(client, "sub2", durable("t.close"));
    expect(fixture.broker.queueNames()).toContain("qpidsub_/client-b_/sub2_/durable");
    await closeLink(sub.link);
    expect(fixture.broker.queueNames()).not.toContain("qpidsub_/client-b_/sub2_/durable");
    await publish(client, "t.close", ["x"]);
    const fresh = await subscriber(client, "sub2", durable("t.close"));
    await client.roundTrip();
    expect(fresh.received).toHaveLength(0);
  });

  it("survives its connection dropping", async () => {
    const client = await clientAs("client-drop");
    await subscriber(client, "subd", durable("t.drop"));
    client.destroy();
    const other = await fixture.client();
    await publish(other, "t.drop", ["kept"]);
    expect(fixture.broker.queueStats("qpidsub_/client-drop_/subd_/durable")?.depth).toBe(1);
  });

  it("is scoped by container-id: another client's subscription of the same name is another queue", async () => {
    const a = await clientAs("scope-a");
    const b = await clientAs("scope-b");
    await subscriber(a, "same", durable("t.scope"));
    await subscriber(b, "same", durable("t.scope"));
    const queues = fixture.broker.queueNames().filter((name) => name.includes("_/same_/"));
    expect(queues.sort()).toEqual(["qpidsub_/scope-a_/same_/durable", "qpidsub_/scope-b_/same_/durable"]);
  });

  it("[JMS 2.0 6.11.1] a second active consumer on an exclusive durable subscription is refused", async () => {
    await subscriber(await clientAs("client-c"), "sub3", durable("t.lock"));
    const second = await clientAs("client-c");
    const error = await attachRefusal(second.openReceiver({ name: "sub3", source: durable("t.lock") }));
    expect(error.condition).toBe("amqp:resource-locked");
    expect(error.description).toContain(
      'durable subscription "sub3" of client "client-c" already has an active consumer',
    );
  });

  it("[JMS 2.0 6.11.1] reattaching with another selector or topic replaces the subscription", async () => {
    const client = await clientAs("client-d");
    const sub = await subscriber(client, "sub4", durable("t.change"));
    await detach(sub.link);
    await publish(client, "t.change", ["old"]);
    const filter = { "jms-selector": rhea.types.wrap_described("color = 'red'", SELECTOR) };
    const changed = await subscriber(client, "sub4", { ...durable("t.change"), filter });
    expect(Object.keys(changed.link.source.filter ?? {})).toEqual(["jms-selector"]);
    expect(fixture.broker.queueStats("qpidsub_/client-d_/sub4_/durable")?.depth).toBe(0);
    await detach(changed.link);
    const moved = await subscriber(client, "sub4", durable("t.other"));
    await publish(client, "t.change", ["ignored"]);
    await publish(client, "t.other", ["new"]);
    await moved.count(1);
    expect(moved.ids).toEqual(["new"]);
  });

  it("[qpid-jms 2.7] unsubscribe: a null-source attach finds the subscription's source; closing it deletes the subscription", async () => {
    const client = await clientAs("client-e");
    const filter = { "jms-selector": rhea.types.wrap_described("color = 'red'", SELECTOR) };
    const sub = await subscriber(client, "sub5", { ...durable("t.unsub"), filter });
    await detach(sub.link);
    const lookup = await client.openReceiver({ name: "sub5" });
    expect(lookup.link.source).toMatchObject({ address: "t.unsub", capabilities: ["topic"], durable: 2 });
    expect(Object.keys(lookup.link.source.filter ?? {})).toEqual(["jms-selector"]);
    expect(fixture.broker.queueNames()).toContain("qpidsub_/client-e_/sub5_/durable");
    await closeLink(lookup.link);
    expect(fixture.broker.queueNames()).not.toContain("qpidsub_/client-e_/sub5_/durable");
  });

  it("[qpid-jms 2.7] unsubscribe of an unknown subscription: null source and amqp:not-found", async () => {
    const client = await clientAs("client-f");
    const error = await attachRefusal(client.openReceiver({ name: "nothing" }));
    expect(error.condition).toBe("amqp:not-found");
    expect(error.description).toContain('"nothing"');
  });

  it("[qpid-jms 2.7] unsubscribe while a consumer is active is refused with amqp:resource-locked; the subscription stays", async () => {
    await subscriber(await clientAs("client-g"), "sub6", durable("t.busy"));
    // Qpid JMS looks up on a session of its own; a second connection of the same client will do.
    const lookup = await (await clientAs("client-g")).openReceiver({ name: "sub6" });
    const closed = nextEvent(lookup.link, "receiver_close");
    lookup.link.close();
    await closed;
    expect((lookup.link as unknown as { error?: { condition?: string } }).error?.condition).toBe(
      "amqp:resource-locked",
    );
    expect(fixture.broker.queueNames()).toContain("qpidsub_/client-g_/sub6_/durable");
  });
});

describe("shared subscriptions", () => {
  it("[qpid-jms 2.8] the broker offers SHARED-SUBS on open", async () => {
    const client = await fixture.client();
    const offered = (client.connection as unknown as { remote: { open: { offered_capabilities?: unknown } } })
      .remote.open.offered_capabilities;
    expect(offered).toContain("SHARED-SUBS");
  });

  it("[JMS 2.0 6.11.2] links of one shared durable subscription share one queue, load-balanced", async () => {
    const client = await clientAs("client-s");
    const shared = durable("t.shared", ["topic", "shared"]);
    const one = await subscriber(client, "shr", shared);
    const two = await subscriber(client, "shr|2", shared);
    expect(fixture.broker.queueNames().filter((name) => name.includes("shr"))).toEqual([
      "qpidsub_/client-s_/shr_/durable",
    ]);
    await publish(client, "t.shared", ["s0", "s1", "s2", "s3"]);
    await Promise.all([one.count(2), two.count(2)]);
    expect([...one.ids, ...two.ids].sort()).toEqual(["s0", "s1", "s2", "s3"]);
    await detach(one.link);
    await detach(two.link);
    expect(fixture.broker.queueNames()).toContain("qpidsub_/client-s_/shr_/durable");
  });

  it("[JMS 2.0 6.11.2] a shared volatile subscription goes with its last link", async () => {
    const client = await clientAs("client-v");
    const shared = { ...topic("t.volatile"), capabilities: ["topic", "shared"] };
    const one = await subscriber(client, "vol|volatile1", shared);
    const two = await subscriber(client, "vol|volatile2", shared);
    const queue = "qpidsub_/client-v_/vol_/nondurable";
    expect(fixture.broker.queueNames()).toContain(queue);
    await closeLink(one.link);
    expect(fixture.broker.queueNames()).toContain(queue);
    await publish(client, "t.volatile", ["v0"]);
    await two.count(1);
    await closeLink(two.link);
    expect(fixture.broker.queueNames()).not.toContain(queue);
  });

  it("[qpid-jms 2.7] a global shared subscription is one queue across connections with different container-ids", async () => {
    const global = durable("t.global", ["topic", "shared", "global"]);
    const a = await subscriber(await clientAs("global-a"), "gsub|global", global);
    const b = await subscriber(await clientAs("global-b"), "gsub|global", global);
    expect(fixture.broker.queueNames().filter((name) => name.includes("gsub"))).toEqual([
      "qpidsub_/_global__/gsub_/durable",
    ]);
    const publisher = await fixture.client();
    await publish(publisher, "t.global", ["g0", "g1"]);
    await Promise.all([a.count(1), b.count(1)]);
    expect([...a.ids, ...b.ids].sort()).toEqual(["g0", "g1"]);
  });

  it("[qpid-jms 2.7] a global shared subscription is unsubscribed through a `name|global` lookup", async () => {
    const global = durable("t.gunsub", ["topic", "shared", "global"]);
    const client = await clientAs("global-c");
    const sub = await subscriber(client, "gone|global", global);
    await detach(sub.link);
    const lookup = await client.openReceiver({
      name: "gone|global",
      desired_capabilities: ["shared", "global"],
    });
    expect(lookup.link.source).toMatchObject({ address: "t.gunsub" });
    await closeLink(lookup.link);
    expect(fixture.broker.queueNames()).not.toContain("qpidsub_/_global__/gone_/durable");
  });

  it("a shared subscription in use refuses a link asking for another topic", async () => {
    const client = await clientAs("client-x");
    await subscriber(client, "mix", durable("t.mix1", ["topic", "shared"]));
    const error = await attachRefusal(
      client.openReceiver({ name: "mix|2", source: durable("t.mix2", ["topic", "shared"]) }),
    );
    expect(error.condition).toBe("amqp:resource-locked");
  });
});
