import { describe, expect, it, vi } from "vitest";
import { FakeClock } from "./fake-clock";
import { Queue } from "./queue";
import { body, FakeConsumer } from "./queue-fixtures";
import type { QueuedMessage } from "./queued-message";

const first = (consumer: FakeConsumer) => consumer.received[0] as QueuedMessage;

describe("Queue dead-lettering", () => {
  it("[AMQP 3.4.3] a rejected message leaves the queue for the dead-letter hook", () => {
    const deadLetter = vi.fn();
    const queue = new Queue("q", { deadLetterQueue: "dlq" }, { deadLetter });
    const consumer = new FakeConsumer("c", 5);
    queue.addConsumer(consumer);
    queue.enqueue(body("bad"));
    queue.settle(first(consumer), "rejected");
    expect(deadLetter).toHaveBeenCalledWith(first(consumer), "rejected");
    expect(queue.stats()).toMatchObject({ depth: 0, unsettled: 0, dequeued: 1, deadLettered: 1, bytes: 0 });
    expect(consumer.received).toHaveLength(1);
  });

  it("[AMQP 3.4.3] without a dead-letter queue a rejected message is dropped and the hook not called", () => {
    const deadLetter = vi.fn();
    const queue = new Queue("q", {}, { deadLetter });
    const consumer = new FakeConsumer("c", 5);
    queue.addConsumer(consumer);
    queue.enqueue(body("bad"));
    queue.settle(first(consumer), "rejected");
    expect(deadLetter).not.toHaveBeenCalled();
    expect(queue.stats()).toMatchObject({ depth: 0, dequeued: 1, deadLettered: 0 });
  });

  it("[AMQP 3.4.5] undeliverable-here dead-letters when there is a dead-letter queue", () => {
    const deadLetter = vi.fn();
    const queue = new Queue("q", { deadLetterQueue: "dlq" }, { deadLetter });
    const consumer = new FakeConsumer("c", 5);
    queue.addConsumer(consumer);
    queue.enqueue(body("poison"));
    queue.settle(first(consumer), "modified", true);
    expect(deadLetter).toHaveBeenCalledWith(first(consumer), "undeliverable");
    expect(first(consumer).deliveryCount).toBe(1);
    expect(queue.depth).toBe(0);
  });

  it("[AMQP 3.4.5] dead-letters at maxDeliveryAttempts failed deliveries, counting detaches as failures", () => {
    const deadLetter = vi.fn();
    const queue = new Queue("q", { deadLetterQueue: "dlq", maxDeliveryAttempts: 3 }, { deadLetter });
    let consumer = new FakeConsumer("c1", 1);
    queue.addConsumer(consumer);
    queue.enqueue(body("flaky"));
    queue.settle(first(consumer), "modified");
    queue.settle(consumer.received[1] as QueuedMessage, "released"); // released does not count
    queue.removeConsumer(consumer); // holds nothing: released it
    consumer = new FakeConsumer("c2", 5);
    queue.addConsumer(consumer);
    expect(first(consumer).deliveryCount).toBe(1);
    queue.removeConsumer(consumer); // second failure
    expect(deadLetter).not.toHaveBeenCalled();
    consumer = new FakeConsumer("c3", 5);
    queue.addConsumer(consumer);
    queue.settle(first(consumer), "modified"); // third failure
    expect(deadLetter).toHaveBeenCalledTimes(1);
    expect(deadLetter.mock.calls[0]).toEqual([first(consumer), "max-delivery-attempts"]);
    expect(first(consumer).deliveryCount).toBe(3);
    expect(queue.stats()).toMatchObject({ depth: 0, unsettled: 0, deadLettered: 1 });
  });

  it("without a dead-letter queue a message at maxDeliveryAttempts is dropped and counted", () => {
    const queue = new Queue("q", { maxDeliveryAttempts: 1 });
    const consumer = new FakeConsumer("c", 5);
    queue.addConsumer(consumer);
    queue.enqueue(body("flaky"));
    queue.settle(first(consumer), "modified");
    expect(consumer.received).toHaveLength(1);
    expect(queue.stats()).toMatchObject({ depth: 0, dropped: 1, deadLettered: 0 });
  });

  it("a dead-letter queue stores the message with its bytes and delivery count, not its old expiry", () => {
    const clock = new FakeClock();
    const dlq = new Queue("dlq", {}, { clock });
    const source = new Queue(
      "q",
      { deadLetterQueue: "dlq", expiry: "dead-letter" },
      { clock, deadLetter: (message) => dlq.enqueueDeadLetter(message) },
    );
    const published = body("payload", { expiresAt: clock.now() + 10 });
    source.enqueue(published);
    clock.advance(10);
    const consumer = new FakeConsumer("c", 5);
    dlq.addConsumer(consumer);
    expect(first(consumer).message).toBe(published);
    expect(first(consumer).expiresAt).toBeUndefined();
    const other = new Queue("dlq2", {}, { clock });
    other.enqueueDeadLetter({ sequence: 7, message: published, deliveryCount: 4 });
    const reader = new FakeConsumer("r", 1);
    other.addConsumer(reader);
    expect(first(reader).deliveryCount).toBe(4);
    expect(other.stats().enqueued).toBe(1);
  });

  it("a full reject-publish dead-letter queue drops what it cannot take, counted", () => {
    const dlq = new Queue("dlq", { maxLength: 1, overflow: "reject-publish" });
    dlq.enqueueDeadLetter({ sequence: 0, message: body("a"), deliveryCount: 0 });
    dlq.enqueueDeadLetter({ sequence: 1, message: body("b"), deliveryCount: 0 });
    expect(dlq.stats()).toMatchObject({ depth: 1, dropped: 1, enqueued: 1 });
  });
});
