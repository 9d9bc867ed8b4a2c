import { describe, expect, it } from "vitest";
import { Queue } from "../queues/queue";
import { body, FakeConsumer } from "../queues/queue-fixtures";
import type { QueuedMessage } from "../queues/queued-message";
import { Transaction } from "./transaction";
import { TransactionRegistry } from "./transaction-registry";

const owner = {};

function acquired(queue: Queue, payload: string): QueuedMessage {
  const consumer = new FakeConsumer(`c-${payload}`, 1);
  queue.addConsumer(consumer);
  queue.enqueue(body(payload));
  return consumer.received[0] as QueuedMessage;
}

describe("Transaction", () => {
  it("[AMQP 4.4.1] holds sends until commit, then stores all of them", () => {
    const a = new Queue("a");
    const b = new Queue("b");
    const tx = new Transaction(Buffer.from([1]), owner);
    tx.holdPublish([a], body("1"));
    tx.holdPublish([a, b], body("2"));
    expect(a.depth + b.depth).toBe(0);
    const result = tx.commit();
    expect(result.committed).toBe(true);
    expect(a.depth).toBe(2);
    expect(b.depth).toBe(1);
    expect(tx.open).toBe(false);
  });

  it("[AMQP 4.4.1] drops held sends on rollback", () => {
    const a = new Queue("a");
    const tx = new Transaction(Buffer.from([1]), owner);
    tx.holdPublish([a], body("1"));
    tx.rollback();
    expect(a.depth).toBe(0);
    expect(() => tx.holdPublish([a], body("2"))).toThrow(/already discharged/);
  });

  it("commits nothing when one queue refuses one message, and rolls back", () => {
    const full = new Queue("full", { maxLength: 1, overflow: "reject-publish" });
    full.enqueue(body("old"));
    const other = new Queue("other");
    const queue = new Queue("acked");
    const message = acquired(queue, "m");
    const tx = new Transaction(Buffer.from([1]), owner);
    tx.holdPublish([other], body("1"));
    tx.holdPublish([full], body("2"));
    tx.holdSettlement(queue, message, "accepted");
    const result = tx.commit();
    expect(result).toMatchObject({ committed: false, reason: expect.stringContaining("full") as string });
    expect(other.depth).toBe(0);
    expect(full.depth).toBe(1);
    expect(queue.depth).toBe(1); // the ack rolled back: the message is back, redelivered
    expect(message.deliveryCount).toBe(1);
  });

  it("counts a transaction's own earlier sends against a queue's limit", () => {
    const queue = new Queue("small", { maxLength: 2, overflow: "reject-publish" });
    queue.enqueue(body("old"));
    const tx = new Transaction(Buffer.from([1]), owner);
    tx.holdPublish([queue], body("1"));
    tx.holdPublish([queue], body("2"));
    const result = tx.commit();
    expect(result).toMatchObject({
      committed: false,
      reason: expect.stringContaining("maxLength 2") as string,
    });
    expect(queue.depth).toBe(1);
  });

  it("[AMQP 4.4.2] applies held outcomes only at commit", () => {
    const queue = new Queue("q");
    const message = acquired(queue, "m");
    const tx = new Transaction(Buffer.from([1]), owner);
    tx.holdSettlement(queue, message, "accepted");
    expect(queue.unsettled).toBe(1);
    tx.commit();
    expect(queue.unsettled).toBe(0);
    expect(queue.depth).toBe(0);
  });

  it("[JMS 2.0 6.2.12] a rolled back ack puts the message back with its delivery count raised", () => {
    const queue = new Queue("q");
    const message = acquired(queue, "m");
    const tx = new Transaction(Buffer.from([1]), owner);
    tx.holdSettlement(queue, message, "accepted");
    tx.rollback();
    const next = new FakeConsumer("next", 1);
    queue.addConsumer(next);
    expect(next.texts).toEqual(["m"]);
    expect(next.received[0]?.deliveryCount).toBe(1);
  });
});

describe("TransactionRegistry", () => {
  it("allocates distinct ids and finds a transaction until it is taken", () => {
    const registry = new TransactionRegistry();
    const t1 = registry.declare(owner);
    const t2 = registry.declare(owner);
    expect(t1.id.equals(t2.id)).toBe(false);
    expect(registry.get(Buffer.from(t1.id))).toBe(t1);
    expect(registry.take(t1.id)).toBe(t1);
    expect(registry.take(t1.id)).toBeUndefined();
    expect(registry.size).toBe(1);
  });

  it("rolls back the transactions of one owner, or all", () => {
    const registry = new TransactionRegistry();
    const queue = new Queue("q");
    const other = {};
    registry.declare(owner).holdPublish([queue], body("mine"));
    const kept = registry.declare(other);
    registry.rollbackAll(owner);
    expect(registry.size).toBe(1);
    expect(kept.open).toBe(true);
    registry.rollbackAll();
    expect(registry.size).toBe(0);
    expect(kept.open).toBe(false);
    expect(queue.depth).toBe(0);
  });
});
