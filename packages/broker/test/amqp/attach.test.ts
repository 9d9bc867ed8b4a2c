// Attaching links: queues come into being on first use, unusable addresses are refused per link.
import type { Receiver, Sender, Source } from "rhea";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  BrokerFixture,
  idOf,
  isNullTerminus,
  nextEvent,
  remoteError,
  type TestClient,
  textMessage,
} from "./rhea-client";

const fixture = new BrokerFixture();
beforeEach(() => fixture.start());
afterEach(() => fixture.stop());

/** Proves the connection still carries traffic: a message out and back on fresh links. */
async function roundTripMessage(client: TestClient, address: string): Promise<void> {
  const sender = await client.openSender(address);
  expect(await sender.send(textMessage("still-serving"))).toBe("accepted");
  const receiver = await client.openReceiver(address);
  receiver.link.add_credit(1);
  const [message] = await receiver.count(1);
  expect(idOf(message?.bytes ?? Buffer.alloc(0))).toBe("still-serving");
  message?.delivery.accept();
}

describe("attach", () => {
  it("[AMQP 2.6.3] creates a queue on a receiver's first attach and echoes its address in the source", async () => {
    const client = await fixture.client();
    expect(fixture.broker.queueNames()).toEqual([]);
    const receiver = await client.openReceiver("auto.by-receiver");
    expect(receiver.link.source.address).toBe("auto.by-receiver");
    await client.roundTrip(); // the consumer joins its queue just after the attach reply goes out
    expect(fixture.broker.queueNames()).toEqual(["auto.by-receiver"]);
    expect(fixture.broker.queueStats("auto.by-receiver")).toMatchObject({
      name: "auto.by-receiver",
      depth: 0,
      unsettled: 0,
      consumers: 1,
    });
  });

  it("[AMQP 2.6.3] creates a queue on a sender's first attach and echoes its address in the target", async () => {
    const client = await fixture.client();
    const sender = await client.openSender("auto.by-sender");
    expect(sender.link.target.address).toBe("auto.by-sender");
    expect(fixture.broker.queueNames()).toEqual(["auto.by-sender"]);
    expect(await sender.send(textMessage("a"))).toBe("accepted");
    expect(fixture.broker.queueStats("auto.by-sender")).toMatchObject({
      name: "auto.by-sender",
      depth: 1,
      unsettled: 0,
      consumers: 0,
    });
  });

  it("[AMQP 2.6.3] a second attach to the same address reuses the queue", async () => {
    const client = await fixture.client();
    const sender = await client.openSender("auto.shared");
    expect(await sender.send(textMessage("shared-1"))).toBe("accepted");
    const other = await fixture.client();
    const receiver = await other.openReceiver("auto.shared");
    receiver.link.add_credit(1);
    const [message] = await receiver.count(1);
    expect(idOf(message?.bytes ?? Buffer.alloc(0))).toBe("shared-1");
    expect(fixture.broker.queueNames()).toEqual(["auto.shared"]);
  });

  const refusals: Array<[string, (client: TestClient) => Sender | Receiver, "sender" | "receiver"]> = [
    [
      "a receiver whose source has no address",
      (c) => c.connection.open_receiver({ source: {} as Source, credit_window: 0 }),
      "receiver",
    ],
    [
      "a receiver with an empty address",
      (c) => c.connection.open_receiver({ source: { address: "" }, credit_window: 0 }),
      "receiver",
    ],
    ["a sender with a null target", (c) => c.connection.open_sender({}), "sender"],
    [
      "a sender with a 256-character address",
      (c) => c.connection.open_sender({ target: { address: "x".repeat(256) } }),
      "sender",
    ],
  ];

  it.each(refusals)(
    "[AMQP 2.6.3] refuses %s with amqp:invalid-field and keeps serving the connection",
    async (_name, attach, role) => {
      const client = await fixture.client();
      const link = attach(client);
      await nextEvent(link, `${role}_close`);
      expect(remoteError(link)?.condition).toBe("amqp:invalid-field");
      expect(remoteError(link)?.description).toMatch(/address/);
      // The refusal carries a null terminus in the attach reply, so a client cannot mistake it for a node.
      expect(isNullTerminus(role === "sender" ? link.target : link.source)).toBe(true);
      expect(client.errors).toEqual([`${role}_error`]);
      expect(fixture.broker.queueNames()).toEqual([]);
      expect(client.connection.is_open()).toBe(true);

      await roundTripMessage(client, "after.refusal");
      expect(fixture.broker.queueNames()).toEqual(["after.refusal"]);
    },
  );

  it("[AMQP 2.6.3] a refused attach does not disturb links already open on the same connection", async () => {
    const client = await fixture.client();
    const receiver = await client.openReceiver("refusal.neighbour");
    receiver.link.add_credit(1);
    const refused = client.connection.open_sender({});
    await nextEvent(refused, "sender_close");
    expect(remoteError(refused)?.condition).toBe("amqp:invalid-field");

    const sender = await client.openSender("refusal.neighbour");
    expect(await sender.send(textMessage("n1"))).toBe("accepted");
    const [message] = await receiver.count(1);
    expect(idOf(message?.bytes ?? Buffer.alloc(0))).toBe("n1");
    expect(receiver.link.is_open()).toBe(true);
  });
});
