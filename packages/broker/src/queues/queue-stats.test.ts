import { describe, expect, it } from "vitest";
import { FakeClock } from "./fake-clock";
import { Queue } from "./queue";
import { body, FakeConsumer } from "./queue-fixtures";

describe("Queue counters", () => {
  it("counts enqueued, dequeued and rates over the last 10 s of the clock", () => {
    const clock = new FakeClock(0);
    const queue = new Queue("q", {}, { clock });
    const consumer = new FakeConsumer("c", 100);
    queue.addConsumer(consumer);
    for (let i = 0; i < 20; i++) queue.enqueue(body("m"));
    for (const message of consumer.received.slice(0, 10)) queue.settle(message, "accepted");
    queue.settle(consumer.received[10]!, "released");
    expect(queue.stats()).toEqual({
      depth: 0,
      paged: 0,
      bytes: 10,
      unsettled: 10,
      consumers: 1,
      enqueued: 20,
      dequeued: 10,
      expired: 0,
      deadLettered: 0,
      dropped: 0,
      enqueueRate: 2,
      dequeueRate: 1,
      scheduled: 0,
    });
    clock.advance(10_000);
    expect(queue.stats()).toMatchObject({ enqueueRate: 0, dequeueRate: 0, enqueued: 20 });
  });

  it("a filtered message is not stored or counted", () => {
    const queue = new Queue("q", {}, { accepts: (message) => message.subject !== "mine" });
    expect(queue.enqueue(body("a", { subject: "mine" }))).toBe("filtered");
    expect(queue.enqueue(body("b", { subject: "theirs" }))).toBe("stored");
    expect(queue.stats()).toMatchObject({ depth: 1, enqueued: 1 });
  });

  it("delete drops waiting, scheduled and unsettled messages, cancels timers and delivers nothing more", () => {
    const clock = new FakeClock();
    const queue = new Queue("q", { messageTtlMs: 1000 }, { clock });
    const consumer = new FakeConsumer("c", 1);
    queue.addConsumer(consumer);
    queue.enqueue(body("taken"));
    queue.enqueue(body("waiting"));
    queue.enqueue(body("later", { deliverAt: clock.now() + 500 }));
    expect(queue.delete()).toBe(3);
    expect(clock.pendingTimers).toBe(0);
    consumer.credit = 10;
    queue.dispatch();
    queue.settle(consumer.received[0]!, "released");
    expect(consumer.texts).toEqual(["taken"]);
    expect(queue.stats()).toMatchObject({ depth: 0, unsettled: 0, scheduled: 0, bytes: 0, dropped: 3 });
    expect(queue.delete()).toBe(0);
  });
});
