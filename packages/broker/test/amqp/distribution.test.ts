// Competing consumers on one queue: each message goes to exactly one of them, in turn.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BrokerFixture, textMessage } from "./rhea-client";

const fixture = new BrokerFixture();
beforeEach(() => fixture.start());
afterEach(() => fixture.stop());

describe("distribution", () => {
  it("[JMS 2.0 4.4] shares a queue round robin between two receivers with credit", async () => {
    const first = await fixture.client();
    const second = await fixture.client();
    const a = await first.openReceiver("rr.q");
    const b = await second.openReceiver("rr.q");
    a.link.add_credit(10);
    b.link.add_credit(10);
    await Promise.all([first.roundTrip(), second.roundTrip()]);
    expect(fixture.broker.queueStats("rr.q")?.consumers).toBe(2);

    const producer = await fixture.client();
    const sender = await producer.openSender("rr.q");
    await sender.sendAll(["m0", "m1", "m2", "m3", "m4", "m5"].map(textMessage));
    await Promise.all([a.count(3), b.count(3)]);
    await Promise.all([first.roundTrip(), second.roundTrip()]);
    expect(a.ids).toEqual(["m0", "m2", "m4"]);
    expect(b.ids).toEqual(["m1", "m3", "m5"]);
  });

  it("[JMS 2.0 4.4] a receiver with no credit is skipped, not waited for", async () => {
    const first = await fixture.client();
    const idle = await first.openReceiver("rr.skip");
    const busy = await first.openReceiver("rr.skip");
    busy.link.add_credit(10);
    await first.roundTrip();
    const sender = await first.openSender("rr.skip");
    await sender.sendAll(["s0", "s1", "s2"].map(textMessage));
    await busy.count(3);
    await first.roundTrip();
    expect(busy.ids).toEqual(["s0", "s1", "s2"]);
    expect(idle.received).toHaveLength(0);
  });
});
