import { describe, expect, it } from "vitest";
import { Queue } from "./queue";
import { body, FakeConsumer, text } from "./queue-fixtures";
import type { QueuedMessage } from "./queued-message";

describe("Queue", () => {
  it("holds messages until a consumer has credit, then delivers in order", () => {
    const queue = new Queue("q");
    queue.enqueue(body("a"));
    queue.enqueue(body("b"));
    const consumer = new FakeConsumer("c1", 0);
    queue.addConsumer(consumer);
    expect(consumer.received).toHaveLength(0);
    consumer.credit = 5;
    queue.dispatch();
    expect(consumer.received.map(text)).toEqual(["a", "b"]);
    expect(queue.depth).toBe(0);
    expect(queue.unsettled).toBe(2);
  });

  it("removes a message when accepted", () => {
    const queue = new Queue("q");
    const consumer = new FakeConsumer("c1", 1);
    queue.addConsumer(consumer);
    queue.enqueue(body("a"));
    queue.settle(consumer.received[0] as QueuedMessage, "accepted");
    expect(queue.unsettled).toBe(0);
    expect(queue.depth).toBe(0);
  });

  it("[AMQP 3.4.4] puts a released message back at its original position without counting it", () => {
    const queue = new Queue("q");
    const first = new FakeConsumer("c1", 1);
    queue.addConsumer(first);
    queue.enqueue(body("a"));
    queue.enqueue(body("b"));
    queue.settle(first.received[0] as QueuedMessage, "released");
    const second = new FakeConsumer("c2", 2);
    queue.addConsumer(second);
    expect(second.received.map(text)).toEqual(["a", "b"]);
    expect(second.received[0]?.deliveryCount).toBe(0);
  });

  it("[AMQP 3.4.5] counts a modified delivery as a failed attempt", () => {
    const queue = new Queue("q");
    const consumer = new FakeConsumer("c1", 2);
    queue.addConsumer(consumer);
    queue.enqueue(body("a"));
    queue.settle(consumer.received[0] as QueuedMessage, "modified");
    expect(consumer.received.map(text)).toEqual(["a", "a"]);
    expect(consumer.received[1]?.deliveryCount).toBe(1);
  });

  it("returns what a removed consumer held, as redelivered, to the remaining consumers", () => {
    const queue = new Queue("q");
    const leaving = new FakeConsumer("c1", 1);
    queue.addConsumer(leaving);
    queue.enqueue(body("a"));
    const staying = new FakeConsumer("c2", 1);
    queue.addConsumer(staying);
    queue.removeConsumer(leaving);
    expect(staying.received.map(text)).toEqual(["a"]);
    expect(staying.received[0]?.deliveryCount).toBe(1);
  });

  it("shares messages round robin between consumers with credit", () => {
    const queue = new Queue("q");
    const c1 = new FakeConsumer("c1", 10);
    const c2 = new FakeConsumer("c2", 10);
    queue.addConsumer(c1);
    queue.addConsumer(c2);
    for (const payload of ["a", "b", "c", "d"]) queue.enqueue(body(payload));
    expect(c1.received.map(text)).toEqual(["a", "c"]);
    expect(c2.received.map(text)).toEqual(["b", "d"]);
  });

  it("keeps order across thousands of messages and interleaved releases", () => {
    const queue = new Queue("q");
    for (let i = 0; i < 5000; i++) queue.enqueue(body(String(i)));
    const consumer = new FakeConsumer("c1", 3000);
    queue.addConsumer(consumer);
    for (const message of consumer.received.slice(0, 10)) queue.settle(message, "released");
    consumer.credit = 10_000;
    queue.dispatch();
    const order = consumer.received.slice(3000).map((m) => Number(text(m)));
    expect(order.slice(0, 10)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(order.slice(10, 12)).toEqual([3000, 3001]);
    expect(queue.depth).toBe(0);
  });
  it("[AMQP 3.4.5] undeliverable-here keeps the message but never offers it to that consumer again", () => {
    const queue = new Queue("q");
    const refusing = new FakeConsumer("c1", 10);
    queue.addConsumer(refusing);
    queue.enqueue(body("poison"));
    queue.enqueue(body("next"));
    queue.settle(refusing.received[0] as QueuedMessage, "modified", true);
    expect(refusing.received.map(text)).toEqual(["poison", "next"]);
    expect(queue.depth).toBe(1);
    const other = new FakeConsumer("c2", 10);
    queue.addConsumer(other);
    expect(other.received.map(text)).toEqual(["poison"]);
    expect(other.received[0]?.deliveryCount).toBe(1);
  });

  it("[AMQP 3.5.3 copy] a browser sees waiting messages without taking them; consumers still get them", () => {
    const queue = new Queue("q");
    queue.enqueue(body("a"));
    queue.enqueue(body("b"));
    const browser = new FakeConsumer("b1", 1);
    queue.addBrowser(browser);
    expect(browser.received.map(text)).toEqual(["a"]);
    browser.credit = 5;
    queue.dispatch();
    expect(browser.received.map(text)).toEqual(["a", "b"]);
    expect(queue.depth).toBe(2);
    expect(queue.unsettled).toBe(0);
    expect(queue.consumerCount).toBe(1);
    const consumer = new FakeConsumer("c1", 5);
    queue.addConsumer(consumer);
    expect(consumer.received.map(text)).toEqual(["a", "b"]);
    queue.removeConsumer(browser);
    expect(queue.consumerCount).toBe(1);
  });
});

describe("Queue with a consumer that settles inside deliver", () => {
  it("[AMQP 2.6.12 pre-settled] delivers a long backlog in order without growing the stack", () => {
    const queue = new Queue("q");
    for (let i = 0; i < 50_000; i++) queue.enqueue(body(String(i)));
    const seen: number[] = [];
    queue.addConsumer({
      id: "presettled",
      canAccept: () => true,
      deliver: (message) => {
        seen.push(Number(text(message)));
        queue.settle(message, "accepted");
      },
    });
    expect(seen).toHaveLength(50_000);
    expect(seen.every((n, i) => n === i)).toBe(true);
    expect(queue.stats()).toMatchObject({ depth: 0, unsettled: 0, dequeued: 50_000 });
  });

  it("a message released inside deliver goes round again to the next consumer", () => {
    const queue = new Queue("q");
    const keeper = new FakeConsumer("keeper", 5);
    let refusals = 0;
    queue.addConsumer({
      id: "releaser",
      canAccept: () => refusals < 1,
      deliver: (message) => {
        refusals++;
        queue.settle(message, "released");
      },
    });
    queue.addConsumer(keeper);
    queue.enqueue(body("a"));
    expect(keeper.texts).toEqual(["a"]);
    expect(refusals).toBe(1);
  });
});
