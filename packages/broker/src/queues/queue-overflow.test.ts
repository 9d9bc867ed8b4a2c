import { describe, expect, it } from "vitest";
import { Queue } from "./queue";
import { body, FakeConsumer } from "./queue-fixtures";
import type { QueuedMessage } from "./queued-message";

/** Whether `promise` settled, after the microtasks queued so far ran. */
async function isSettled(promise: Promise<void>): Promise<boolean> {
  let settled = false;
  void promise.then(() => (settled = true));
  await Promise.resolve();
  await Promise.resolve();
  return settled;
}

describe("Queue limits", () => {
  it("reject-publish refuses a message past maxLength, saying why, and stores nothing", () => {
    const queue = new Queue("q", { maxLength: 2, overflow: "reject-publish" });
    expect(queue.enqueue(body("a"))).toBe("stored");
    expect(queue.refusal(body("b"))).toBeUndefined();
    expect(queue.enqueue(body("b"))).toBe("stored");
    const refusal = 'queue "q" is full: 2 messages (maxLength 2)';
    expect(queue.refusal(body("c"))).toBe(refusal);
    expect(queue.enqueue(body("c"))).toEqual({ rejected: refusal });
    expect(queue.stats()).toMatchObject({ depth: 2, enqueued: 2 });
  });

  it("reject-publish counts encoded bytes against maxBytes, delivered-unsettled ones until settled", () => {
    const queue = new Queue("q", { maxBytes: 10, overflow: "reject-publish" });
    const consumer = new FakeConsumer("c", 1);
    queue.addConsumer(consumer);
    queue.enqueue(body("123456"));
    expect(queue.refusal(body("12345"))).toBe(
      'queue "q" is full: 6 bytes held, 5 more would pass maxBytes 10',
    );
    expect(queue.refusal(body("1234"))).toBeUndefined();
    queue.settle(consumer.received[0] as QueuedMessage, "accepted");
    expect(queue.refusal(body("1234567890"))).toBeUndefined();
  });

  it("refusal() is undefined for other policies and for messages the queue filters out", () => {
    const full = body("x".repeat(100));
    expect(new Queue("q", { maxBytes: 1 }).refusal(full)).toBeUndefined();
    const filtering = new Queue("q", { maxBytes: 1, overflow: "reject-publish" }, { accepts: () => false });
    expect(filtering.refusal(full)).toBeUndefined();
    expect(new Queue("q", { maxBytes: 1, overflow: "reject-publish" }).refusal(full)).toContain("maxBytes 1");
  });

  it("drop-head drops the oldest waiting messages, lowest priority first, to make room", () => {
    const queue = new Queue("q", { maxLength: 3, overflow: "drop-head" });
    queue.enqueue(body("high", { priority: 9 }));
    queue.enqueue(body("low1", { priority: 1 }));
    queue.enqueue(body("low2", { priority: 1 }));
    expect(queue.enqueue(body("new", { priority: 4 }))).toBe("stored");
    expect(queue.enqueue(body("newer", { priority: 4 }))).toBe("stored");
    const consumer = new FakeConsumer("c", 10);
    queue.addConsumer(consumer);
    expect(consumer.texts).toEqual(["high", "new", "newer"]);
    expect(queue.stats()).toMatchObject({ dropped: 2, enqueued: 5 });
  });

  it("drop-head makes room by bytes too", () => {
    const queue = new Queue("q", { maxBytes: 6, overflow: "drop-head" });
    queue.enqueue(body("aaa"));
    queue.enqueue(body("bbb"));
    queue.enqueue(body("cccc"));
    expect(queue.stats()).toMatchObject({ depth: 1, bytes: 4, dropped: 2 });
  });

  it("producer-flow-control (default) stores past the limit, blocks, and unblocks under 80%", async () => {
    const queue = new Queue("q", { maxLength: 10 });
    const consumer = new FakeConsumer("c", 0);
    queue.addConsumer(consumer);
    await expect(queue.whenUnblocked()).resolves.toBeUndefined();
    for (let i = 0; i < 10; i++) queue.enqueue(body(String(i)));
    expect(queue.blocked).toBe(false);
    expect(queue.enqueue(body("10"))).toBe("stored");
    expect(queue.blocked).toBe(true);
    const unblocked = queue.whenUnblocked();
    consumer.credit = 3;
    queue.dispatch();
    queue.settle(consumer.received[0] as QueuedMessage, "accepted");
    queue.settle(consumer.received[1] as QueuedMessage, "accepted");
    expect(queue.blocked).toBe(true); // 9 held: under the limit but not under 80% of it
    expect(await isSettled(unblocked)).toBe(false);
    queue.settle(consumer.received[2] as QueuedMessage, "accepted");
    expect(queue.blocked).toBe(false);
    expect(await isSettled(unblocked)).toBe(true);
  });

  it("producer-flow-control unblocks only when messages and bytes are both under 80%", async () => {
    const queue = new Queue("q", { maxLength: 10, maxBytes: 10 });
    const consumer = new FakeConsumer("c", 0);
    queue.addConsumer(consumer);
    queue.enqueue(body("x".repeat(11)));
    expect(queue.blocked).toBe(true);
    const unblocked = queue.whenUnblocked();
    queue.enqueue(body("y"));
    expect(await isSettled(unblocked)).toBe(false);
    consumer.credit = 1;
    queue.dispatch();
    queue.settle(consumer.received[0] as QueuedMessage, "accepted");
    expect(queue.blocked).toBe(false);
    expect(await isSettled(unblocked)).toBe(true);
  });

  it("delete releases flow-control waiters and refuses later messages", async () => {
    const queue = new Queue("q", { maxLength: 1 });
    queue.enqueue(body("a"));
    queue.enqueue(body("b"));
    const unblocked = queue.whenUnblocked();
    expect(queue.delete()).toBe(2);
    expect(await isSettled(unblocked)).toBe(true);
    expect(queue.blocked).toBe(false);
    expect(queue.enqueue(body("c"))).toEqual({ rejected: 'queue "q" was deleted' });
  });
});
