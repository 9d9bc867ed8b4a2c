import { describe, expect, it } from "vitest";
import { Queue } from "./queue";
import { body, FakeConsumer } from "./queue-fixtures";
import type { QueuedMessage } from "./queued-message";

/** A consumer with a selector-like filter: it accepts messages whose payload starts with `prefix`. */
class SelectiveConsumer extends FakeConsumer {
  readonly checked: string[] = [];
  readonly accepts = (message: QueuedMessage): boolean => {
    this.checked.push(message.message.bytes.toString());
    return message.message.bytes.toString().startsWith(this.prefix);
  };

  constructor(
    id: string,
    credit: number,
    private readonly prefix: string,
  ) {
    super(id, credit);
  }
}

describe("Queue consumers with a selector [JMS 2.0 3.8]", () => {
  it("offers a selective consumer only what it selects; the rest waits for other consumers", () => {
    const queue = new Queue("q");
    const red = new SelectiveConsumer("red", 10, "red");
    queue.addConsumer(red);
    for (const text of ["blue1", "red1", "blue2", "red2"]) queue.enqueue(body(text));
    expect(red.texts).toEqual(["red1", "red2"]);
    expect(queue.depth).toBe(2);
    const plain = new FakeConsumer("plain", 10);
    queue.addConsumer(plain);
    expect(plain.texts).toEqual(["blue1", "blue2"]);
    expect(queue.depth).toBe(0);
  });

  it("a selective consumer with credit does not stall the queue: plain consumers keep getting messages", () => {
    const queue = new Queue("q");
    const none = new SelectiveConsumer("none", 100, "nothing-matches");
    const plain = new FakeConsumer("plain", 100);
    queue.addConsumer(none);
    queue.addConsumer(plain);
    for (let i = 0; i < 20; i++) queue.enqueue(body(`m${i}`));
    expect(plain.received).toHaveLength(20);
    expect(none.received).toHaveLength(0);
  });

  it("keeps priority order among the messages a consumer selects", () => {
    const queue = new Queue("q");
    queue.enqueue(body("a-low", { priority: 1 }));
    queue.enqueue(body("b-high", { priority: 9 }));
    queue.enqueue(body("a-high", { priority: 8 }));
    const a = new SelectiveConsumer("a", 10, "a");
    queue.addConsumer(a);
    expect(a.texts).toEqual(["a-high", "a-low"]);
    expect(queue.depth).toBe(1);
  });

  it("a released message is offered again only to consumers that select it", () => {
    const queue = new Queue("q");
    const a = new SelectiveConsumer("a", 1, "a");
    queue.addConsumer(a);
    queue.enqueue(body("a1"));
    const [held] = a.received;
    const b = new SelectiveConsumer("b", 5, "b");
    queue.addConsumer(b);
    queue.settle(held as QueuedMessage, "released");
    expect(b.received).toHaveLength(0);
    a.credit = 1;
    queue.dispatch();
    expect(a.texts).toEqual(["a1", "a1"]);
  });

  it("[AMQP 3.5.3] a selective browser sees only what it selects, and leaves everything in place", () => {
    const queue = new Queue("q");
    for (const text of ["x1", "y1", "x2"]) queue.enqueue(body(text));
    const browser = new SelectiveConsumer("b", 10, "x");
    queue.addBrowser(browser);
    expect(browser.texts).toEqual(["x1", "x2"]);
    expect(queue.depth).toBe(3);
  });
});
