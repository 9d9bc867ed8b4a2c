import { describe, expect, it, vi } from "vitest";
import type { Clock } from "./clock";
import { FakeClock } from "./fake-clock";
import { Queue } from "./queue";
import { body, FakeConsumer } from "./queue-fixtures";
import type { QueuedMessage } from "./queued-message";

describe("Queue expiry", () => {
  it("[AMQP 3.2.1] sweeps expired messages out with no consumer, from one timer for the earliest", () => {
    const clock = new FakeClock();
    const queue = new Queue("q", {}, { clock });
    queue.enqueue(body("late", { expiresAt: clock.now() + 5000 }));
    queue.enqueue(body("early", { expiresAt: clock.now() + 1000 }));
    queue.enqueue(body("forever"));
    expect(clock.pendingTimers).toBe(1);
    clock.advance(1000);
    expect(queue.depth).toBe(2);
    clock.advance(4000);
    expect(queue.depth).toBe(1);
    expect(queue.stats()).toMatchObject({ expired: 2, bytes: "forever".length, dropped: 0 });
    expect(clock.pendingTimers).toBe(0);
    const consumer = new FakeConsumer("c", 5);
    queue.addConsumer(consumer);
    expect(consumer.texts).toEqual(["forever"]);
  });

  it("[AMQP 3.2.1] applies messageTtlMs to messages without their own expiry; their own wins", () => {
    const clock = new FakeClock();
    const queue = new Queue("q", { messageTtlMs: 2000 }, { clock });
    queue.enqueue(body("queue-ttl"));
    queue.enqueue(body("own", { expiresAt: clock.now() + 10_000 }));
    clock.advance(2000);
    const consumer = new FakeConsumer("c", 5);
    queue.addConsumer(consumer);
    expect(consumer.texts).toEqual(["own"]);
    expect(consumer.received[0]?.expiresAt).toBe(clock.now() + 8000);
  });

  it("[AMQP 3.2.4] a message already expired on arrival is never stored for delivery", () => {
    const clock = new FakeClock();
    const queue = new Queue("q", {}, { clock });
    expect(queue.enqueue(body("stale", { expiresAt: clock.now() - 1 }))).toBe("stored");
    expect(queue.depth).toBe(0);
    expect(queue.stats()).toMatchObject({ enqueued: 1, expired: 1, bytes: 0 });
  });

  it("[AMQP 3.2.1] checks expiry when taking a message for a consumer or browser, not only on the timer", () => {
    let now = 0;
    const silentClock: Clock = { now: () => now, setTimer: () => ({ cancel: () => undefined }) };
    const queue = new Queue("q", {}, { clock: silentClock });
    queue.enqueue(body("a", { expiresAt: 100 }));
    queue.enqueue(body("b"));
    now = 100;
    const browser = new FakeConsumer("b", 5);
    queue.addBrowser(browser);
    expect(browser.texts).toEqual(["b"]);
    queue.enqueue(body("c", { expiresAt: 150 }));
    now = 200;
    const consumer = new FakeConsumer("c", 5);
    queue.addConsumer(consumer);
    expect(consumer.texts).toEqual(["b"]);
    expect(queue.stats().expired).toBe(2);
  });

  it("[AMQP 3.2.1] a message that expired while delivered is not redelivered when released", () => {
    const clock = new FakeClock();
    const queue = new Queue("q", {}, { clock });
    const first = new FakeConsumer("c1", 1);
    queue.addConsumer(first);
    queue.enqueue(body("a", { expiresAt: clock.now() + 1000 }));
    clock.advance(5000);
    expect(queue.unsettled).toBe(1);
    queue.settle(first.received[0] as QueuedMessage, "released");
    const second = new FakeConsumer("c2", 5);
    queue.addConsumer(second);
    expect(second.received).toHaveLength(0);
    expect(queue.stats()).toMatchObject({ expired: 1, depth: 0, unsettled: 0 });
  });

  it("dead-letters expired messages with expiry dead-letter and a dead-letter queue, else drops them", () => {
    const clock = new FakeClock();
    const deadLetter = vi.fn();
    const dlq = new Queue("q", { expiry: "dead-letter", deadLetterQueue: "dlq" }, { clock, deadLetter });
    dlq.enqueue(body("a", { expiresAt: clock.now() + 10 }));
    const dropping = new Queue("q2", { deadLetterQueue: "dlq" }, { clock, deadLetter });
    dropping.enqueue(body("b", { expiresAt: clock.now() + 10 }));
    const noDlq = new Queue("q3", { expiry: "dead-letter" }, { clock, deadLetter });
    noDlq.enqueue(body("c", { expiresAt: clock.now() + 10 }));
    clock.advance(10);
    expect(deadLetter).toHaveBeenCalledTimes(1);
    expect(deadLetter.mock.calls[0]?.[1]).toBe("expired");
    expect((deadLetter.mock.calls[0]?.[0] as QueuedMessage).message.bytes.toString()).toBe("a");
    expect(dlq.stats()).toMatchObject({ expired: 1, deadLettered: 1, depth: 0 });
    expect(dropping.stats()).toMatchObject({ expired: 1, deadLettered: 0, depth: 0 });
    expect(noDlq.stats()).toMatchObject({ expired: 1, deadLettered: 0, depth: 0 });
  });

  it("forgets expiry entries of consumed messages so memory follows the queue", () => {
    const clock = new FakeClock();
    const queue = new Queue("q", { messageTtlMs: 60_000 }, { clock });
    const consumer = new FakeConsumer("c", Infinity);
    queue.addConsumer(consumer);
    for (let i = 0; i < 5000; i++) queue.enqueue(body(String(i)));
    for (const message of consumer.received) queue.settle(message, "accepted");
    const timeline = (queue as unknown as { expiries: { size: number } }).expiries;
    expect(timeline.size).toBeLessThanOrEqual(1025);
    clock.advance(60_000);
    expect(queue.stats().expired).toBe(0);
  });
});
