// Producer flow control [AMQP 2.6.7 credit]: a producer far faster than its consumer is held back by credit,
// the broker's queue stays within its limit plus the credit window, and every accepted message arrives.
import { rawBytesOf } from "@jms-ts/rhea-patches";
import type { EventContext } from "rhea";
import { afterEach, describe, expect, it } from "vitest";
import { BrokerFixture, idOf, textMessage, within } from "./rhea-client";

const fixture = new BrokerFixture();
afterEach(() => fixture.stop());

const MESSAGES = 5_000;
const MAX_LENGTH = 200;
/** The broker's producer credit window (transport/producer-link.ts). */
const WINDOW = 500;

describe("producer flow control", () => {
  it("[AMQP 2.6.7] a flood into a full queue stops at the credit, loses nothing and keeps the queue bounded", async () => {
    await fixture.start({ config: { queues: [{ name: "flood", maxLength: MAX_LENGTH }] } });
    const client = await fixture.client();
    const sender = (await client.openSender("flood")).link;
    let sent = 0;
    let accepted = 0;
    let sawNoCredit = false;
    let maxDepth = 0;
    const allAccepted = new Promise<void>((resolve) => {
      sender.on("accepted", () => {
        if (++accepted === MESSAGES) resolve();
      });
    });
    const pump = () => {
      while (sent < MESSAGES && sender.sendable()) sender.send(textMessage(`m${sent++}`), undefined, 0);
      // sendable() counts sends rhea has not written yet (@jms-ts/rhea-patches): false means no credit left.
      if (sent < MESSAGES && !sender.sendable()) sawNoCredit = true;
    };
    sender.on("sendable", pump);
    pump();

    // A slow consumer: one message per turn of the event loop, each accepted before the next is asked for.
    const receiver = (await client.openReceiver("flood")).link;
    const ids: Array<string | undefined> = [];
    const allReceived = new Promise<void>((resolve) => {
      receiver.on("message", (context: EventContext) => {
        maxDepth = Math.max(maxDepth, fixture.broker.queueStats("flood")?.depth ?? 0);
        ids.push(idOf(rawBytesOf(context.message) as Buffer));
        context.delivery?.accept();
        if (ids.length === MESSAGES) resolve();
        else setImmediate(() => receiver.add_credit(1));
      });
    });
    // Let the producer fill the queue before the consumer starts.
    await within(
      new Promise<void>((resolve) => {
        const check = () => (sawNoCredit ? resolve() : setImmediate(check));
        check();
      }),
      "the producer to run out of credit",
    );
    maxDepth = fixture.broker.queueStats("flood")?.depth ?? 0;
    expect(maxDepth).toBeGreaterThanOrEqual(MAX_LENGTH);
    expect(maxDepth).toBeLessThanOrEqual(MAX_LENGTH + WINDOW);
    receiver.add_credit(1);
    await within(Promise.all([allAccepted, allReceived]), "every message accepted and received", 60_000);
    expect(sawNoCredit).toBe(true);
    expect(maxDepth).toBeLessThanOrEqual(MAX_LENGTH + WINDOW);
    expect(ids).toEqual(Array.from({ length: MESSAGES }, (_, i) => `m${i}`));
    await client.roundTrip();
    expect(fixture.broker.queueStats("flood")).toMatchObject({ depth: 0, unsettled: 0, enqueued: MESSAGES });
  }, 90_000);
});
