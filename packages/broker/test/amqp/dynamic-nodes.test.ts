// Dynamic nodes [AMQP 3.5.3 dynamic]: temporary queues and topics as Qpid JMS creates them, with a sender
// link whose target is dynamic, lifetime-policy delete-on-close.
import rhea from "rhea";
import type { Source } from "rhea";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  attachRefusal,
  BrokerFixture,
  nextEvent,
  remoteError,
  type TestClient,
  textMessage,
} from "./rhea-client";

const fixture = new BrokerFixture();
beforeEach(() => fixture.start());
afterEach(() => fixture.stop());

const DELETE_ON_CLOSE = 0x2b;

let created = 0;

/** Attaches a temp-destination creator link as Qpid JMS does [qpid-jms 2.6, 2.9]. */
async function createTemporary(client: TestClient, capability: "temporary-queue" | "temporary-topic") {
  const creator = await client.openSender({
    name: `qpid-jms:${capability}-creator:${++created}`,
    target: {
      dynamic: true,
      expiry_policy: "link-detach",
      dynamic_node_properties: { "lifetime-policy": rhea.types.wrap_described([], DELETE_ON_CLOSE) },
      capabilities: [capability],
    },
  });
  const address: string = creator.link.target.address;
  return { creator, address };
}

describe("dynamic nodes", () => {
  it("[AMQP 3.5.3] a dynamic target creates a temporary queue and returns its unique address", async () => {
    const client = await fixture.client();
    const first = await createTemporary(client, "temporary-queue");
    const second = await createTemporary(client, "temporary-queue");
    expect(first.address).toMatch(/^TempQueue-/);
    expect(second.address).not.toBe(first.address);
    expect(first.creator.link.target.dynamic).toBe(true);
    expect(fixture.broker.queueStats(first.address)).toMatchObject({ depth: 0 });

    // Request/reply: another connection sends to it, the creator's connection consumes.
    const other = await fixture.client();
    const replier = await other.openSender({ target: { address: first.address, capabilities: ["queue"] } });
    expect(await replier.send(textMessage("reply"))).toBe("accepted");
    const receiver = await client.openReceiver({
      source: { address: first.address, capabilities: ["temporary-queue"] },
    });
    receiver.link.add_credit(1);
    await receiver.count(1);
    expect(receiver.ids).toEqual(["reply"]);
  });

  it("[AMQP 3.5.10 delete-on-close] the node is deleted when its creating link closes; its name is not found after", async () => {
    const client = await fixture.client();
    const { creator, address } = await createTemporary(client, "temporary-queue");
    const other = await fixture.client();
    const foreignConsumer = await other.openReceiver(address);
    const closed = nextEvent(foreignConsumer.link, "receiver_close");
    creator.link.close();
    await nextEvent(creator.link, "sender_close");
    expect(fixture.broker.queueStats(address)).toBeUndefined();
    await closed;
    expect(remoteError(foreignConsumer.link)?.condition).toBe("amqp:resource-deleted");
    const refusal = await attachRefusal(client.openSender(address));
    expect(refusal.condition).toBe("amqp:not-found");
    expect(refusal.description).toMatch(/no temporary node/);
  });

  it("[AMQP 3.5.10] the node is deleted when its creator's connection closes", async () => {
    const client = await fixture.client();
    const { address } = await createTemporary(client, "temporary-queue");
    await client.close();
    const observer = await fixture.client();
    await observer.roundTrip();
    expect(fixture.broker.queueStats(address)).toBeUndefined();
  });

  it("[AMQP 3.5.3] a temporary-topic dynamic node has topic semantics: fan-out to every subscriber", async () => {
    const client = await fixture.client();
    const { creator, address } = await createTemporary(client, "temporary-topic");
    expect(address).toMatch(/^TempTopic-/);
    const subscribers = [];
    for (let i = 0; i < 2; i++) {
      const subscriber = await client.openReceiver({
        source: { address, capabilities: ["temporary-topic"] },
      });
      subscriber.link.add_credit(5);
      subscribers.push(subscriber);
    }
    const publisher = await (
      await fixture.client()
    ).openSender({
      target: { address, capabilities: ["temporary-topic"] },
    });
    expect(await publisher.send(textMessage("tt"))).toBe("accepted");
    await Promise.all(subscribers.map((s) => s.count(1)));
    expect(fixture.broker.exchangeStats(address)).toMatchObject({ type: "fanout", bindings: 2 });
    creator.link.close();
    await nextEvent(creator.link, "sender_close");
    expect(fixture.broker.exchangeStats(address)).toBeUndefined();
  });

  it("[AMQP 3.5.3] a dynamic source creates a temporary queue the receiver consumes from", async () => {
    const client = await fixture.client();
    const receiver = await client.openReceiver({ source: { dynamic: true } as Source });
    const address: string = receiver.link.source.address;
    expect(address).toMatch(/^TempQueue-/);
    receiver.link.add_credit(1);
    const sender = await client.openSender(address);
    await sender.send(textMessage("to-self"));
    await receiver.count(1);
    receiver.link.close();
    await nextEvent(receiver.link, "receiver_close");
    expect(fixture.broker.queueStats(address)).toBeUndefined();
  });
});
