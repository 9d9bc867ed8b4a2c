import { describe, expect, it } from "vitest";
import { FakeClock } from "./fake-clock";
import { Queue } from "./queue";
import { body, FakeConsumer } from "./queue-fixtures";

describe("Queue delayed delivery", () => {
  it("[JMS 2.0 4.13] holds a message with a future delivery time out of the queue until due", () => {
    const clock = new FakeClock();
    const queue = new Queue("q", {}, { clock });
    const consumer = new FakeConsumer("c", 10);
    queue.addConsumer(consumer);
    queue.enqueue(body("later", { deliverAt: clock.now() + 1000 }));
    queue.enqueue(body("now"));
    expect(consumer.texts).toEqual(["now"]);
    expect(queue.stats()).toMatchObject({ depth: 0, scheduled: 1, bytes: "later".length + "now".length });
    clock.advance(999);
    expect(consumer.texts).toEqual(["now"]);
    clock.advance(1);
    expect(consumer.texts).toEqual(["now", "later"]);
    expect(queue.stats().scheduled).toBe(0);
  });

  it("uses one timer for the earliest scheduled message", () => {
    const clock = new FakeClock();
    const queue = new Queue("q", {}, { clock });
    for (const delay of [5000, 3000, 4000, 1000])
      queue.enqueue(body(String(delay), { deliverAt: clock.now() + delay }));
    expect(clock.pendingTimers).toBe(1);
    clock.advance(3500);
    expect(queue.depth).toBe(2);
    expect(queue.stats().scheduled).toBe(2);
    expect(clock.pendingTimers).toBe(1);
  });

  it("[JMS 2.0 3.4.10] orders messages due together by priority, then arrival", () => {
    const clock = new FakeClock();
    const queue = new Queue("q", {}, { clock });
    const at = clock.now() + 100;
    queue.enqueue(body("low-first", { deliverAt: at, priority: 1 }));
    queue.enqueue(body("high", { deliverAt: at, priority: 7 }));
    queue.enqueue(body("low-second", { deliverAt: at, priority: 1 }));
    clock.advance(100);
    const consumer = new FakeConsumer("c", 10);
    queue.addConsumer(consumer);
    expect(consumer.texts).toEqual(["high", "low-first", "low-second"]);
  });

  it("[AMQP 3.2.1] a scheduled message that expired before it was due is never delivered", () => {
    const clock = new FakeClock();
    const queue = new Queue("q", { messageTtlMs: 500 }, { clock });
    const consumer = new FakeConsumer("c", 10);
    queue.addConsumer(consumer);
    queue.enqueue(body("too-late", { deliverAt: clock.now() + 1000 }));
    clock.advance(1000);
    expect(consumer.received).toHaveLength(0);
    expect(queue.stats()).toMatchObject({ expired: 1, scheduled: 0, bytes: 0 });
  });

  it("a delivery time in the past is delivered at once", () => {
    const clock = new FakeClock();
    const queue = new Queue("q", {}, { clock });
    queue.enqueue(body("due", { deliverAt: clock.now() - 10 }));
    expect(queue.depth).toBe(1);
    expect(clock.pendingTimers).toBe(0);
  });
});
