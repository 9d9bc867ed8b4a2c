import { amqp, encodeMessage } from "@jms-ts/codec";
import { beforeEach, describe, expect, it } from "vitest";
import { PeerFixture } from "../../../test/support/peer-fixture";
import type { ScriptedPeer } from "../../../test/support/scripted-peer";
import { IllegalStateException, type JMSException, Session, type TextMessage } from "../../index";

// Consumer credit, drain and settlement on the wire (CONVENTIONS rule 19), against Qpid JMS's mapping
// [qpid-jms 2.12, 2.13].

const fixture = new PeerFixture();
let peer: ScriptedPeer;
beforeEach(() => {
  peer = fixture.peer;
});
const session = (query?: string, mode?: number): Promise<Session> => fixture.session(query, mode);

function text(body: string, header: { deliveryCount?: number } = {}, expiry?: number): Buffer {
  return encodeMessage({
    ...(header.deliveryCount === undefined ? {} : { header: { deliveryCount: header.deliveryCount } }),
    ...(expiry === undefined ? {} : { properties: { absoluteExpiryTime: expiry } }),
    body: { kind: "value", value: amqp.string(body) },
  });
}

function dispositions(count: number) {
  return peer.waitFor(`${count} dispositions`, () =>
    peer.dispositions.length >= count ? peer.dispositions : undefined,
  );
}

describe("[qpid-jms 2.13] drain and pull", () => {
  it("[qpid-jms 2.13] with prefetch, an empty receiveNoWait and a timed-out receive send no drain; credit stays", async () => {
    const s = await session("jms.prefetchPolicy.all=10");
    const consumer = await s.createConsumer(s.createQueue("empty"));
    await peer.waitFor("credit", () => (peer.creditFor("empty") > 0 ? true : undefined));
    expect(await consumer.receiveNoWait()).toBeNull();
    expect(await consumer.receive(20)).toBeNull();
    await peer.sendTo("empty", text("late"));
    expect(((await consumer.receive(5000)) as TextMessage).getText()).toBe("late");
    expect(peer.drainRequests).toEqual([]);
  });

  it("prefetch 0: no credit until receive(); receive() grants exactly one and gets the message", async () => {
    const s = await session("jms.prefetchPolicy.all=0");
    const consumer = await s.createConsumer(s.createQueue("pull"));
    expect(peer.creditFor("pull")).toBe(0);
    const pending = consumer.receive(5000);
    await peer.waitFor("credit 1", () => (peer.creditFor("pull") === 1 ? true : undefined));
    await peer.sendTo("pull", text("pulled"));
    expect(((await pending) as TextMessage).getText()).toBe("pulled");
    expect(peer.creditFor("pull")).toBe(0);
  });

  it("prefetch 0: two waiting receive() calls each get a message, one credit at a time", async () => {
    const s = await session("jms.prefetchPolicy.all=0");
    const consumer = await s.createConsumer(s.createQueue("pull-two"));
    const first = consumer.receive(5000);
    const second = consumer.receive(5000);
    await peer.sendTo("pull-two", text("1"));
    await peer.sendTo("pull-two", text("2"));
    const texts = [await first, await second].map((m) => (m as TextMessage).getText());
    expect(texts).toEqual(["1", "2"]);
    expect(peer.creditFor("pull-two")).toBe(0);
  });

  it("prefetch 0: receive(timeout) on an empty queue drains its one credit after the timeout and answers null", async () => {
    const s = await session("jms.prefetchPolicy.all=0");
    const consumer = await s.createConsumer(s.createQueue("pull-empty"));
    expect(await consumer.receive(50)).toBeNull();
    expect(peer.drainRequests).toEqual(["pull-empty"]);
    expect(peer.creditFor("pull-empty")).toBe(0);
  });

  it("prefetch 0: receiveNoWait asks for one message with drain set in the same flow", async () => {
    const s = await session("jms.prefetchPolicy.all=0");
    const consumer = await s.createConsumer(s.createQueue("pull-now"));
    expect(await consumer.receiveNoWait()).toBeNull();
    expect(peer.drainRequests).toEqual(["pull-now"]);
  });
});

describe("[qpid-jms 2.13] a drain the broker never answers", () => {
  it("prefetch 0: a transfer that uses up the drained credit answers receiveNoWait without a drained flow (as Artemis does)", async () => {
    peer.answerDrains = false;
    const s = await session("jms.prefetchPolicy.all=0&amqp.drainTimeout=5000");
    const consumer = await s.createConsumer(s.createQueue("artemis-like"));
    const received = consumer.receiveNoWait();
    await peer.sendTo("artemis-like", text("waiting"));
    const started = Date.now();
    expect(((await received) as TextMessage).getText()).toBe("waiting");
    expect(Date.now() - started).toBeLessThan(4000);
    expect(peer.drainRequests).toEqual(["artemis-like"]);
  });

  it("closes the consumer after amqp.drainTimeout: receiveNoWait answers null and the ExceptionListener hears why", async () => {
    peer.answerDrains = false;
    const connection = await fixture.connect("jms.prefetchPolicy.all=0&amqp.drainTimeout=100");
    const errors: JMSException[] = [];
    connection.setExceptionListener((e) => errors.push(e));
    await connection.start();
    const s = await connection.createSession();
    const consumer = await s.createConsumer(s.createQueue("silent"));
    expect(await consumer.receiveNoWait()).toBeNull();
    expect(peer.drainRequests).toEqual(["silent"]);
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringContaining("did not answer a drain within 100 ms"),
    ]);
    await expect(consumer.receive(10)).rejects.toBeInstanceOf(IllegalStateException);
  });
});

describe("[qpid-jms 2.13] consumer policies by kind", () => {
  it("topicPrefetch and queuePrefetch give each kind its own credit", async () => {
    const s = await session(
      "jms.prefetchPolicy.queuePrefetch=7&jms.prefetchPolicy.topicPrefetch=3&jms.consumerWindowBytes=0",
    );
    await s.createConsumer(s.createQueue("q-kind"));
    await s.createConsumer(s.createTopic("t-kind"));
    await peer.waitFor("queue credit 7", () => (peer.creditFor("q-kind") === 7 ? true : undefined));
    await peer.waitFor("topic credit 3", () => (peer.creditFor("t-kind") === 3 ? true : undefined));
  });

  it("[qpid-jms 2.12] presettleQueueConsumers asks for settled deliveries on queues only", async () => {
    const s = await session("jms.presettlePolicy.presettleQueueConsumers=true");
    await s.createConsumer(s.createQueue("q-settled"));
    await s.createConsumer(s.createTopic("t-unsettled"));
    expect(peer.attachFor("receiver", "q-settled")?.sndSettleMode).toBe(1);
    expect(peer.attachFor("receiver", "t-unsettled")?.sndSettleMode).toBe(0);
  });
});

describe("[qpid-jms 2.12] dispositions", () => {
  it("maxRedeliveries exceeded: modified(delivery-failed, undeliverable-here), never handed out", async () => {
    const s = await session("jms.redeliveryPolicy.maxRedeliveries=1");
    const consumer = await s.createConsumer(s.createQueue("poison"));
    await peer.sendTo("poison", text("too often", { deliveryCount: 2 }));
    await peer.sendTo("poison", text("fine", { deliveryCount: 1 }));
    expect(((await consumer.receive(5000)) as TextMessage).getText()).toBe("fine");
    const [poisoned, accepted] = await dispositions(2);
    expect(poisoned).toMatchObject({
      outcome: "modified",
      deliveryFailed: true,
      undeliverableHere: true,
      settled: true,
    });
    expect(accepted).toMatchObject({ outcome: "accepted", settled: true });
  });

  it("jms.redeliveryPolicy.outcome=REJECTED settles such a message rejected", async () => {
    const s = await session("jms.redeliveryPolicy.maxRedeliveries=0&jms.redeliveryPolicy.outcome=REJECTED");
    const consumer = await s.createConsumer(s.createQueue("poison"));
    await peer.sendTo("poison", text("once too often", { deliveryCount: 1 }));
    await peer.sendTo("poison", text("fine"));
    expect(((await consumer.receive(5000)) as TextMessage).getText()).toBe("fine");
    const [rejected] = await dispositions(2);
    expect(rejected).toMatchObject({ outcome: "rejected", settled: true });
  });

  it("a message that expired in the prefetch buffer: modified(delivery-failed, undeliverable-here)", async () => {
    const s = await session();
    const consumer = await s.createConsumer(s.createQueue("stale"));
    await peer.sendTo("stale", text("expired", {}, Date.now() - 1000));
    await peer.sendTo("stale", text("fresh", {}, Date.now() + 60_000));
    expect(((await consumer.receive(5000)) as TextMessage).getText()).toBe("fresh");
    const [expired] = await dispositions(2);
    expect(expired).toMatchObject({ outcome: "modified", deliveryFailed: true, undeliverableHere: true });
  });

  it("[JMS 2.0 6.2.12] closing a CLIENT_ACKNOWLEDGE session takes back the credit, then settles the unacknowledged message failed", async () => {
    const s = await session("", Session.CLIENT_ACKNOWLEDGE);
    const consumer = await s.createConsumer(s.createQueue("unacked"));
    await peer.sendTo("unacked", text("never acknowledged"));
    await consumer.receive(5000);
    await peer.waitFor("credit", () => (peer.creditFor("unacked") > 0 ? true : undefined));
    const closed = s.close();
    // Checked as the disposition arrives: the credit was already gone, so a broker could not hand the
    // failed message straight back to this closing link.
    const creditAtDisposition = await peer.waitFor("the disposition", () =>
      peer.dispositions.length > 0 ? peer.creditFor("unacked") : undefined,
    );
    expect(creditAtDisposition).toBe(0);
    expect(peer.dispositions[0]).toMatchObject({ outcome: "modified", deliveryFailed: true, settled: true });
    await closed;
  });

  it("[JMS 2.0 6.2.11] recover() sends nothing; the recovered message is accepted when acknowledged again", async () => {
    const s = await session("", Session.CLIENT_ACKNOWLEDGE);
    const consumer = await s.createConsumer(s.createQueue("recover"));
    await peer.sendTo("recover", text("again"));
    await consumer.receive(5000);
    await s.recover();
    const again = await consumer.receive(5000);
    expect(again?.getJMSRedelivered()).toBe(true);
    expect(peer.dispositions).toEqual([]);
    await again?.acknowledge();
    const [accepted] = await dispositions(1);
    expect(accepted).toMatchObject({ outcome: "accepted", settled: true });
  });

  it("INDIVIDUAL_ACKNOWLEDGE settles exactly the acknowledged message", async () => {
    const s = await session("", Session.INDIVIDUAL_ACKNOWLEDGE);
    const consumer = await s.createConsumer(s.createQueue("individual"));
    await peer.sendTo("individual", text("1"));
    await peer.sendTo("individual", text("2"));
    await consumer.receive(5000);
    const second = await consumer.receive(5000);
    await second?.acknowledge();
    await dispositions(1);
    await s.close();
    const [accepted, failed] = await dispositions(2);
    expect(accepted).toMatchObject({ outcome: "accepted" });
    expect(failed).toMatchObject({ outcome: "modified", deliveryFailed: true });
  });
});
