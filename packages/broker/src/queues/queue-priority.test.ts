import { describe, expect, it } from "vitest";
import { Queue } from "./queue";
import { body, FakeConsumer } from "./queue-fixtures";

describe("Queue priority", () => {
  it("[JMS 2.0 3.4.10] delivers higher priority first and keeps arrival order within a priority", () => {
    const queue = new Queue("q");
    queue.enqueue(body("low1", { priority: 1 }));
    queue.enqueue(body("high1", { priority: 8 }));
    queue.enqueue(body("low2", { priority: 1 }));
    queue.enqueue(body("high2", { priority: 8 }));
    queue.enqueue(body("normal", { priority: 4 }));
    const consumer = new FakeConsumer("c", 10);
    queue.addConsumer(consumer);
    expect(consumer.texts).toEqual(["high1", "high2", "normal", "low1", "low2"]);
  });

  it("[JMS 2.0 3.4.10] counts priorities above 9 as 9 and below 0 as 0", () => {
    const queue = new Queue("q");
    queue.enqueue(body("nine", { priority: 9 }));
    queue.enqueue(body("two-hundred", { priority: 200 }));
    queue.enqueue(body("zero", { priority: 0 }));
    queue.enqueue(body("negative", { priority: -3 }));
    const consumer = new FakeConsumer("c", 10);
    queue.addConsumer(consumer);
    expect(consumer.texts).toEqual(["nine", "two-hundred", "zero", "negative"]);
  });

  it("[AMQP 3.4.4] a released message goes back to its original place within its priority", () => {
    const queue = new Queue("q");
    const first = new FakeConsumer("c1", 2);
    queue.addConsumer(first);
    queue.enqueue(body("a", { priority: 5 }));
    queue.enqueue(body("b", { priority: 5 }));
    queue.enqueue(body("c", { priority: 5 }));
    queue.enqueue(body("low", { priority: 2 }));
    for (const message of first.received) queue.settle(message, "released");
    const second = new FakeConsumer("c2", 10);
    queue.addConsumer(second);
    expect(second.texts).toEqual(["a", "b", "c", "low"]);
  });

  it("a new high-priority message overtakes waiting ones but not those already delivered", () => {
    const queue = new Queue("q");
    const consumer = new FakeConsumer("c", 1);
    queue.enqueue(body("a", { priority: 4 }));
    queue.enqueue(body("b", { priority: 4 }));
    queue.addConsumer(consumer);
    queue.enqueue(body("urgent", { priority: 9 }));
    consumer.credit = 5;
    queue.dispatch();
    expect(consumer.texts).toEqual(["a", "urgent", "b"]);
  });

  it("browsers see waiting messages in arrival order whatever their priority", () => {
    const queue = new Queue("q");
    queue.enqueue(body("low", { priority: 0 }));
    queue.enqueue(body("high", { priority: 9 }));
    queue.enqueue(body("normal", { priority: 4 }));
    const browser = new FakeConsumer("b", 10);
    queue.addBrowser(browser);
    expect(browser.texts).toEqual(["low", "high", "normal"]);
    expect(queue.depth).toBe(3);
  });
});
