import { afterEach, describe, expect, it } from "vitest";
import { connectMock, isSettled, MOCK_URI, type MockProvider } from "../../test/support/mock-provider";
import { IllegalStateException } from "../errors/exceptions";
import type { Message } from "../message/message";
import { TextMessage } from "../message/text-message";
import type { Connection } from "./connection";
import type { MessageConsumer } from "./message-consumer";
import { Session } from "./session";

function textOf(message: Message | null): string | null {
  if (!(message instanceof TextMessage)) throw new Error("expected a TextMessage");
  return message.getText();
}

let provider: MockProvider;
let connection: Connection;

afterEach(async () => {
  await connection.close();
});

async function open(
  mode: number = Session.AUTO_ACKNOWLEDGE,
  uri = MOCK_URI,
): Promise<{ session: Session; consumer: MessageConsumer }> {
  ({ provider, connection } = await connectMock(uri));
  const session = await connection.createSession(false, mode);
  const consumer = await session.createConsumer(session.createQueue("q"));
  await connection.start();
  return { session, consumer };
}

describe("[JMS 2.0 6.2.10] acknowledge modes", () => {
  it("INDIVIDUAL_ACKNOWLEDGE (101): acknowledge() accepts only that message", async () => {
    const { session, consumer } = await open(Session.INDIVIDUAL_ACKNOWLEDGE);
    expect(session.getAcknowledgeMode()).toBe(101);
    const [d1, d2, d3] = ["1", "2", "3"].map((t) => provider.deliverText(consumer.id, t));
    const m1 = await consumer.receive(1000);
    const m2 = await consumer.receive(1000);
    await consumer.receive(1000);
    await m2?.acknowledge();
    expect(provider.acks).toEqual([{ delivery: d2, outcome: "accepted" }]);
    await m2?.acknowledge();
    await m1?.acknowledge();
    expect(provider.acks).toEqual([
      { delivery: d2, outcome: "accepted" },
      { delivery: d1, outcome: "accepted" },
    ]);
    await session.close();
    expect(provider.outcomeOf(d3 as never)).toBe("failed");
  });

  it("CLIENT_ACKNOWLEDGE: acknowledge() on any message accepts every message the session delivered", async () => {
    const { consumer } = await open(Session.CLIENT_ACKNOWLEDGE);
    const deliveries = ["1", "2"].map((t) => provider.deliverText(consumer.id, t));
    await consumer.receive(1000);
    const second = await consumer.receive(1000);
    await second?.acknowledge();
    expect(provider.acks).toEqual(deliveries.map((delivery) => ({ delivery, outcome: "accepted" })));
  });

  it("acknowledge() after the session closed rejects with IllegalStateException", async () => {
    const { session, consumer } = await open(Session.CLIENT_ACKNOWLEDGE);
    provider.deliverText(consumer.id, "1");
    const message = await consumer.receive(1000);
    await session.close();
    await expect(message?.acknowledge()).rejects.toBeInstanceOf(IllegalStateException);
  });
});

describe("[JMS 2.0 6.2.11] Session.recover", () => {
  it("redelivers every unacknowledged message in order with JMSRedelivered and JMSXDeliveryCount raised, locally", async () => {
    const { session, consumer } = await open(Session.CLIENT_ACKNOWLEDGE);
    const deliveries = ["1", "2", "3"].map((t) => provider.deliverText(consumer.id, t));
    expect(textOf(await consumer.receive(1000))).toBe("1");
    expect(textOf(await consumer.receive(1000))).toBe("2");
    await session.recover();
    // No wire traffic: nothing is settled by recover [qpid-jms 2.12].
    expect(provider.acks).toEqual([]);
    const again = [await consumer.receive(1000), await consumer.receive(1000), await consumer.receive(1000)];
    expect(again.map(textOf)).toEqual(["1", "2", "3"]);
    expect(again.map((m) => m?.getJMSRedelivered())).toEqual([true, true, false]);
    expect(again.map((m) => m?.getIntProperty("JMSXDeliveryCount"))).toEqual([2, 2, 1]);
    // Credit is counted once per message, not again for the redelivery.
    expect(provider.delivered).toEqual(deliveries);
    await again[2]?.acknowledge();
    expect(provider.outcomes()).toEqual(["accepted", "accepted", "accepted"]);
  });

  it("keeps the session's order across consumers", async () => {
    const { session, consumer } = await open(Session.CLIENT_ACKNOWLEDGE);
    const other = await session.createConsumer(session.createQueue("other"));
    provider.deliverText(consumer.id, "a");
    provider.deliverText(other.id, "b");
    await consumer.receive(1000);
    await other.receive(1000);
    await session.recover();
    const seen: string[] = [];
    const both = new Promise<void>((resolve) => {
      const listener = (m: Message) => {
        seen.push(String(textOf(m)));
        if (seen.length === 2) resolve();
      };
      other.setMessageListener(listener);
      consumer.setMessageListener(listener);
    });
    await both;
    expect(seen).toEqual(["a", "b"]);
  });

  it("from inside an AUTO_ACKNOWLEDGE listener redelivers the current message, which is not accepted", async () => {
    const { session, consumer } = await open();
    const flags: boolean[] = [];
    const done = new Promise<void>((resolve) => {
      consumer.setMessageListener(async (message) => {
        flags.push(message.getJMSRedelivered());
        if (flags.length === 1) await session.recover();
        else resolve();
      });
    });
    const delivery = provider.deliverText(consumer.id, "again");
    await done;
    expect(flags).toEqual([false, true]);
    await session.close();
    expect(provider.acks).toEqual([{ delivery, outcome: "accepted" }]);
  });

  it("recovered messages never handed out again are failed, not released, when the consumer closes", async () => {
    const { session, consumer } = await open(Session.CLIENT_ACKNOWLEDGE);
    const taken = provider.deliverText(consumer.id, "taken");
    const prefetched = provider.deliverText(consumer.id, "prefetched");
    await consumer.receive(1000);
    await session.recover();
    await consumer.close();
    expect(provider.outcomeOf(taken)).toBe("failed");
    expect(provider.outcomeOf(prefetched)).toBe("released");
  });

  it("rejects with IllegalStateException once the session is closed", async () => {
    const { session } = await open(Session.CLIENT_ACKNOWLEDGE);
    await session.close();
    await expect(session.recover()).rejects.toBeInstanceOf(IllegalStateException);
  });
});

describe("[qpid-jms 2.12] redelivery policy and local expiry", () => {
  it("jms.redeliveryPolicy.maxRedeliveries=1: a message delivered more often is settled undeliverable, never handed out", async () => {
    const { consumer } = await open(
      Session.AUTO_ACKNOWLEDGE,
      `${MOCK_URI}?jms.redeliveryPolicy.maxRedeliveries=1`,
    );
    const poisoned = provider.deliverText(consumer.id, "poisoned", { redeliveryCount: 2 });
    const fine = provider.deliverText(consumer.id, "fine", { redeliveryCount: 1 });
    expect(textOf(await consumer.receive(1000))).toBe("fine");
    expect(provider.acks).toEqual([
      { delivery: poisoned, outcome: "undeliverable" },
      { delivery: fine, outcome: "accepted" },
    ]);
    // Its credit is given back like any consumed message's.
    expect(provider.delivered).toEqual([poisoned, fine]);
  });

  it("jms.redeliveryPolicy.outcome chooses the outcome", async () => {
    const uri = `${MOCK_URI}?jms.redeliveryPolicy.maxRedeliveries=0&jms.redeliveryPolicy.outcome=REJECTED`;
    const { consumer } = await open(Session.AUTO_ACKNOWLEDGE, uri);
    const poisoned = provider.deliverText(consumer.id, "poisoned", { redeliveryCount: 1 });
    expect(await consumer.receiveNoWait()).toBeNull();
    expect(provider.outcomeOf(poisoned)).toBe("rejected");
  });

  it("a listener that always fails stops once maxRedeliveries is exceeded", async () => {
    const { consumer } = await open(
      Session.AUTO_ACKNOWLEDGE,
      `${MOCK_URI}?jms.redeliveryPolicy.maxRedeliveries=2`,
    );
    connection.setExceptionListener(() => undefined);
    let calls = 0;
    consumer.setMessageListener(() => {
      calls++;
      throw new Error("always");
    });
    const delivery = provider.deliverText(consumer.id, "poison");
    const settled = new Promise<void>((resolve) => {
      const check = () => (provider.outcomeOf(delivery) ? resolve() : setImmediate(check));
      check();
    });
    await settled;
    expect(calls).toBe(3);
    expect(provider.outcomeOf(delivery)).toBe("undeliverable");
  });

  it("a message that expired in the prefetch buffer is settled undeliverable and skipped", async () => {
    const { consumer } = await open();
    const expired = provider.deliverText(consumer.id, "stale", { expiration: Date.now() - 1 });
    const live = provider.deliverText(consumer.id, "fresh", { expiration: Date.now() + 60_000 });
    expect(textOf(await consumer.receive(1000))).toBe("fresh");
    expect(provider.outcomeOf(expired)).toBe("undeliverable");
    expect(provider.outcomeOf(live)).toBe("accepted");
  });
});

describe("[qpid-jms 2.13] pulling: receiveNoWait drains, prefetch 0 asks per receive", () => {
  it("prefetch 0: receiveNoWait on an empty buffer drains and returns what the drain brought", async () => {
    const { consumer } = await open(Session.AUTO_ACKNOWLEDGE, `${MOCK_URI}?jms.prefetchPolicy.all=0`);
    provider.onPull = (id, timeoutMs) => {
      if (timeoutMs === 0 && provider.pulls.length === 1) provider.deliverText(id, "was on the broker");
    };
    expect(textOf(await consumer.receiveNoWait())).toBe("was on the broker");
    expect(await consumer.receiveNoWait()).toBeNull();
    expect(provider.pulls).toEqual([
      { consumerId: consumer.id, timeoutMs: 0 },
      { consumerId: consumer.id, timeoutMs: 0 },
    ]);
  });

  it("receiveNoWait with a buffered message does not drain; a stopped connection does not drain", async () => {
    const { consumer } = await open();
    provider.deliverText(consumer.id, "here");
    expect(textOf(await consumer.receiveNoWait())).toBe("here");
    await connection.stop();
    expect(await consumer.receiveNoWait()).toBeNull();
    expect(provider.pulls).toEqual([]);
  });

  it("[qpid-jms 2.13] with prefetch, receiveNoWait and receive(timeout) answer from the buffer: no drain", async () => {
    const { consumer } = await open();
    expect(await consumer.receiveNoWait()).toBeNull();
    expect(await consumer.receive(20)).toBeNull();
    expect(provider.pulls).toEqual([]);
  });

  it("prefetch 0: receive() asks for one message and waits; the pulled message answers it", async () => {
    const { consumer } = await open(Session.AUTO_ACKNOWLEDGE, `${MOCK_URI}?jms.prefetchPolicy.all=0`);
    expect(provider.consumersCreated[0]?.prefetch).toBe(0);
    const pending = consumer.receive();
    expect(await isSettled(pending)).toBe(false);
    expect(provider.pulls).toEqual([{ consumerId: consumer.id, timeoutMs: -1 }]);
    provider.deliverText(consumer.id, "pulled");
    expect(textOf(await pending)).toBe("pulled");
  });

  it("prefetch 0: receive(timeout) asks for one, then drains after the timeout", async () => {
    const { consumer } = await open(Session.AUTO_ACKNOWLEDGE, `${MOCK_URI}?jms.prefetchPolicy.all=0`);
    expect(await consumer.receive(20)).toBeNull();
    expect(provider.pulls.map((p) => p.timeoutMs)).toEqual([-1, 0]);
  });

  it("prefetch 0 with jms.receiveNoWaitLocalOnly / jms.receiveLocalOnly: those calls only look at the buffer", async () => {
    const uri = `${MOCK_URI}?jms.prefetchPolicy.all=0&jms.receiveNoWaitLocalOnly=true&jms.receiveLocalOnly=true`;
    const { consumer } = await open(Session.AUTO_ACKNOWLEDGE, uri);
    expect(await consumer.receiveNoWait()).toBeNull();
    expect(await consumer.receive(20)).toBeNull();
    expect(provider.pulls).toEqual([]);
    const pending = consumer.receive();
    expect(provider.pulls.map((p) => p.timeoutMs)).toEqual([-1]);
    provider.deliverText(consumer.id, "an untimed receive still pulls");
    expect(textOf(await pending)).toBe("an untimed receive still pulls");
  });

  it("prefetch 0 with a listener keeps one credit out per message", async () => {
    const { consumer } = await open(Session.AUTO_ACKNOWLEDGE, `${MOCK_URI}?jms.prefetchPolicy.all=0`);
    const got = new Promise<void>((resolve) => consumer.setMessageListener(() => resolve()));
    expect(provider.pulls.map((p) => p.timeoutMs)).toEqual([-1]);
    provider.deliverText(consumer.id, "1");
    await got;
    expect(provider.pulls.map((p) => p.timeoutMs)).toEqual([-1, -1]);
  });

  it("[JMS 2.0 6.1.8] closing the connection under a blocked receive() resolves it with null", async () => {
    const { consumer } = await open(Session.AUTO_ACKNOWLEDGE, `${MOCK_URI}?jms.prefetchPolicy.all=0`);
    const pending = consumer.receive();
    await connection.close();
    expect(await pending).toBeNull();
  });
});
