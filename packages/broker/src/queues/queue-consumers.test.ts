import { describe, expect, it, vi } from "vitest";
import { Queue, QueueError } from "./queue";
import { body, FakeConsumer } from "./queue-fixtures";

describe("Queue consumers", () => {
  it("[AMQP 3.5.3] an exclusive queue refuses a second consumer with resource-locked", () => {
    const queue = new Queue("q", { exclusive: true });
    const first = new FakeConsumer("c1", 1);
    queue.addConsumer(first);
    let error: unknown;
    try {
      queue.addConsumer(new FakeConsumer("c2", 1));
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(QueueError);
    expect(error).toMatchObject({ condition: "resource-locked", name: "QueueError" });
    expect((error as Error).message).toContain('queue "q" is exclusive');
    queue.addBrowser(new FakeConsumer("b", 1));
    queue.removeConsumer(first);
    const next = new FakeConsumer("c3", 1);
    queue.addConsumer(next);
    queue.enqueue(body("a"));
    expect(next.texts).toEqual(["a"]);
  });

  it("autoDelete: reports the queue unused once, when its last consumer leaves; browsers do not count", () => {
    const unused = vi.fn();
    const queue = new Queue("q", { autoDelete: true }, { unused });
    const browser = new FakeConsumer("b", 1);
    queue.addBrowser(browser);
    queue.removeConsumer(browser);
    expect(unused).not.toHaveBeenCalled();
    const c1 = new FakeConsumer("c1", 1);
    const c2 = new FakeConsumer("c2", 1);
    queue.addConsumer(c1);
    queue.addConsumer(c2);
    queue.addBrowser(browser);
    queue.removeConsumer(c1);
    expect(unused).not.toHaveBeenCalled();
    queue.removeConsumer(c2);
    expect(unused).toHaveBeenCalledTimes(1);
    queue.addConsumer(c1);
    queue.removeConsumer(c1);
    expect(unused).toHaveBeenCalledTimes(1);
  });

  it("without autoDelete the unused hook is never called", () => {
    const unused = vi.fn();
    const queue = new Queue("q", {}, { unused });
    const consumer = new FakeConsumer("c", 1);
    queue.addConsumer(consumer);
    queue.removeConsumer(consumer);
    expect(unused).not.toHaveBeenCalled();
  });

  it("removing an unknown consumer changes nothing", () => {
    const queue = new Queue("q");
    queue.enqueue(body("a"));
    queue.removeConsumer(new FakeConsumer("stranger", 1));
    expect(queue.depth).toBe(1);
  });
});
