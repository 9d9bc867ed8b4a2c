// modified with undeliverable-here [AMQP 3.4.5]: Qpid JMS sends it when a message exceeds
// maxRedeliveries. The message stays in the queue but is never offered to that link again; dead-lettering
// comes with issue 5.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BrokerFixture, deliveryCountOf, textMessage } from "./rhea-client";

const fixture = new BrokerFixture();
beforeEach(() => fixture.start());
afterEach(() => fixture.stop());

describe("undeliverable-here", () => {
  it("[AMQP 3.4.5] a message settled modified(delivery-failed, undeliverable-here) is not redelivered to that link", async () => {
    const client = await fixture.client();
    const sender = await client.openSender("undeliverable.q");
    await sender.sendAll([textMessage("poison"), textMessage("next")]);
    const refusing = await client.openReceiver("undeliverable.q");
    refusing.link.add_credit(1);
    const [poison] = await refusing.count(1);
    expect(refusing.ids).toEqual(["poison"]);
    poison?.delivery.modified({ delivery_failed: true, undeliverable_here: true });
    refusing.link.add_credit(5);
    await refusing.count(2);
    await client.roundTrip();
    expect(refusing.ids).toEqual(["poison", "next"]);
    refusing.received[1]?.delivery.accept();
    await client.roundTrip();
    expect(fixture.broker.queueStats("undeliverable.q")).toMatchObject({ depth: 1, unsettled: 0 });

    const other = await client.openReceiver("undeliverable.q");
    other.link.add_credit(5);
    const [again] = await other.count(1);
    expect(other.ids).toEqual(["poison"]);
    expect(deliveryCountOf(again?.bytes ?? Buffer.alloc(0))).toBe(1);
    await client.roundTrip();
    expect(refusing.received).toHaveLength(2);
  });

  it("[AMQP 3.4.5] undeliverable-here without delivery-failed leaves the delivery-count alone", async () => {
    const client = await fixture.client();
    const sender = await client.openSender("undeliverable.nofail");
    await sender.send(textMessage("m"));
    const first = await client.openReceiver("undeliverable.nofail");
    first.link.add_credit(1);
    const [message] = await first.count(1);
    message?.delivery.modified({ delivery_failed: false, undeliverable_here: true });
    const second = await client.openReceiver("undeliverable.nofail");
    second.link.add_credit(1);
    const [redelivered] = await second.count(1);
    expect(deliveryCountOf(redelivered?.bytes ?? Buffer.alloc(0))).toBeUndefined();
  });
});
