// Browsing [AMQP 3.5.3 distribution-mode copy]: Qpid JMS's QueueBrowser is a pre-settled receiver with
// distribution-mode copy that drains to learn it has seen everything [qpid-jms 2.6].
import type { EventContext } from "rhea";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BrokerFixture, creditOf, nextEvent, type TestClient, textMessage, within } from "./rhea-client";

const fixture = new BrokerFixture();
beforeEach(() => fixture.start());
afterEach(() => fixture.stop());

async function fill(client: TestClient, address: string, ids: string[]): Promise<void> {
  const sender = await client.openSender(address);
  await sender.sendAll(ids.map(textMessage));
}

async function openBrowser(client: TestClient, address: string, presettled = true) {
  return client.openReceiver({
    source: { address, distribution_mode: "copy", capabilities: ["queue"] },
    ...(presettled ? { snd_settle_mode: 1 } : {}),
  });
}

/** Drains the link and resolves once the broker answered with drained (credit back to 0) [AMQP 2.6.7]. */
async function drain(
  client: TestClient,
  link: { drain: boolean; add_credit(n: number): void },
  credit: number,
) {
  const drained = new Promise<void>((resolve) => {
    (link as unknown as { once(e: string, f: (c: EventContext) => void): void }).once(
      "receiver_drained",
      () => resolve(),
    );
  });
  link.drain = true;
  link.add_credit(credit);
  await within(drained, "receiver_drained");
  await client.roundTrip();
}

describe("browsing", () => {
  it("[AMQP 3.5.3] a copy receiver sees the queue's messages in order and leaves them there", async () => {
    const client = await fixture.client();
    await fill(client, "browse.q", ["b0", "b1", "b2"]);
    const browser = await openBrowser(client, "browse.q");
    expect(browser.link.source.distribution_mode).toBe("copy");
    browser.link.add_credit(10);
    await browser.count(3);
    await client.roundTrip();
    expect(browser.ids).toEqual(["b0", "b1", "b2"]);
    expect(browser.received.every((m) => m.delivery.remote_settled)).toBe(true);
    expect(fixture.broker.queueStats("browse.q")).toMatchObject({ depth: 3, unsettled: 0 });

    const consumer = await client.openReceiver("browse.q");
    consumer.link.add_credit(10);
    await consumer.count(3);
    expect(consumer.ids).toEqual(["b0", "b1", "b2"]);
  });

  it("[AMQP 2.6.7] a browser gets no more than its credit, and drain ends empty once it has seen everything", async () => {
    const client = await fixture.client();
    await fill(client, "browse.drain", ["d0", "d1", "d2"]);
    const browser = await openBrowser(client, "browse.drain");
    browser.link.add_credit(2);
    await browser.count(2);
    await client.roundTrip();
    expect(browser.ids).toEqual(["d0", "d1"]);
    await drain(client, browser.link, 5);
    expect(browser.ids).toEqual(["d0", "d1", "d2"]);
    expect(creditOf(browser.link)).toBe(0);
    await drain(client, browser.link, 5);
    expect(browser.received).toHaveLength(3);
    expect(fixture.broker.queueStats("browse.drain")?.depth).toBe(3);
  });

  it("[AMQP 2.6.7] a drain sent with the attach still shows what the queue holds", async () => {
    const client = await fixture.client();
    await fill(client, "browse.eager", ["e0"]);
    const link = client.connection.open_receiver({
      source: { address: "browse.eager", distribution_mode: "copy" },
      snd_settle_mode: 1,
      credit_window: 0,
      autoaccept: false,
    });
    const received: string[] = [];
    link.on("message", () => received.push("m"));
    link.drain = true;
    link.add_credit(10);
    await nextEvent(link, "receiver_drained");
    expect(received).toHaveLength(1);
  });

  it("[AMQP 3.4] outcomes on an unsettled browser's copies settle nothing on the queue", async () => {
    const client = await fixture.client();
    await fill(client, "browse.unsettled", ["u0"]);
    const browser = await openBrowser(client, "browse.unsettled", false);
    browser.link.add_credit(1);
    const [copy] = await browser.count(1);
    copy?.delivery.accept();
    await client.roundTrip();
    expect(fixture.broker.queueStats("browse.unsettled")).toMatchObject({ depth: 1, unsettled: 0 });
  });

  it("a browser sees messages that arrive after it attached", async () => {
    const client = await fixture.client();
    const browser = await openBrowser(client, "browse.live");
    browser.link.add_credit(10);
    await client.roundTrip();
    await fill(client, "browse.live", ["l0"]);
    await browser.count(1);
    expect(browser.ids).toEqual(["l0"]);
  });
});
