// Anonymous relay [AMQP 3.5.4, 2.7.1 ANONYMOUS-RELAY]: a sender whose target has no address; each
// message goes where its properties.to says, as a queue or topic by its x-opt-jms-dest annotation.
import { amqp, encodeMessage } from "@jms-ts/codec";
import type { Delivery, EventContext } from "rhea";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BrokerFixture, type SenderProbe, type TestClient, within } from "./rhea-client";

const fixture = new BrokerFixture();
beforeEach(() => fixture.start());
afterEach(() => fixture.stop());

/** A message for `to`, with the JMS destination type annotation when `destType` is given [qpid-jms 2.3]. */
function addressed(id: string, to: string | undefined, destType?: number): Buffer {
  return encodeMessage({
    ...(destType === undefined
      ? {}
      : { messageAnnotations: [[amqp.symbol("x-opt-jms-dest"), amqp.byte(destType)]] }),
    properties: { messageId: amqp.string(id), ...(to === undefined ? {} : { to }) },
    body: { kind: "value", value: amqp.string(id) },
  });
}

async function relay(client: TestClient): Promise<SenderProbe> {
  return client.openSender({ name: "qpid-jms:sender:relay:null", target: {} });
}

/** Sends and resolves with the rejection error the broker gave [AMQP 3.4.3]. */
async function sendRejected(sender: SenderProbe, bytes: Buffer) {
  const delivery: Delivery = sender.link.send(bytes, undefined, 0);
  const rejected = new Promise<{ condition?: string; description?: string }>((resolve) => {
    sender.link.on("rejected", (context: EventContext) => {
      if (context.delivery === delivery) resolve((delivery.remote_state as { error?: object }).error ?? {});
    });
  });
  return within(rejected, "a rejected outcome");
}

describe("anonymous relay", () => {
  it("[AMQP 2.7.1] the broker offers ANONYMOUS-RELAY on open", async () => {
    const client = await fixture.client();
    const offered = (client.connection as unknown as { remote: { open: { offered_capabilities?: unknown } } })
      .remote.open.offered_capabilities;
    expect([offered].flat()).toContain("ANONYMOUS-RELAY");
  });

  it("[AMQP 3.5.4] routes a message by `to` into a queue (the default, and with x-opt-jms-dest 0)", async () => {
    const client = await fixture.client();
    const sender = await relay(client);
    expect(sender.link.target.address ?? null).toBeNull();
    expect(await sender.send(addressed("q0", "relay.q"))).toBe("accepted");
    expect(await sender.send(addressed("q1", "relay.q", 0))).toBe("accepted");
    const receiver = await client.openReceiver("relay.q");
    receiver.link.add_credit(5);
    await receiver.count(2);
    expect(receiver.ids).toEqual(["q0", "q1"]);
  });

  it("[qpid-jms 2.3] routes to a topic when x-opt-jms-dest says topic; a bare `to` resolves as a target address", async () => {
    const client = await fixture.client();
    const subscriber = await client.openReceiver({ source: { address: "relay.t", capabilities: ["topic"] } });
    subscriber.link.add_credit(5);
    const sender = await relay(client);
    expect(await sender.send(addressed("t0", "relay.t", 1))).toBe("accepted");
    expect(await sender.send(addressed("q0", "relay.t"))).toBe("accepted");
    expect(await sender.send(addressed("t2", "relay.nosubs", 1))).toBe("accepted");
    expect(await sender.send(addressed("t3", "amq.topic/relay.t"))).toBe("accepted");
    await subscriber.count(2);
    await client.roundTrip();
    expect(subscriber.ids).toEqual(["t0", "t3"]);
    expect(fixture.broker.queueNames().filter((name) => !name.startsWith("qpidsub_/"))).toEqual(["relay.t"]);
  });

  it("[AMQP 3.4.3] rejects an unroutable message with amqp:not-found and keeps the link up", async () => {
    const client = await fixture.client();
    const sender = await relay(client);
    const unroutable: Array<[Buffer, RegExp]> = [
      [addressed("no-to", undefined), /properties.to/],
      [addressed("gone", "TempQueue-deleted", 2), /no temporary node "TempQueue-deleted"/],
      [addressed("no-exchange", "relay.none/key"), /no exchange "relay.none"/],
    ];
    for (const [bytes, why] of unroutable) {
      const { condition, description } = await sendRejected(sender, bytes);
      expect(condition).toBe("amqp:not-found");
      expect(description).toMatch(why);
    }
    expect(sender.link.is_open()).toBe(true);
    expect(await sender.send(addressed("ok", "relay.after"))).toBe("accepted");
    expect(fixture.broker.queueStats("relay.after")?.depth).toBe(1);
  });

  it("[AMQP 3.4.3] rejects a message whose sections are malformed with amqp:decode-error", async () => {
    const client = await fixture.client();
    const sender = await relay(client);
    const valid = addressed("bad", "relay.bad");
    const broken = Buffer.concat([valid.subarray(0, 12), Buffer.from([0x00, 0x53, 0x73, 0xd0, 0xff])]);
    expect(await sendRejected(sender, broken)).toMatchObject({ condition: "amqp:decode-error" });
    expect(sender.link.is_open()).toBe(true);
  });
});
