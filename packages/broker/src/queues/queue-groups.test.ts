import { describe, expect, it } from "vitest";
import { Queue } from "./queue";
import { body, FakeConsumer } from "./queue-fixtures";
import type { QueuedMessage } from "./queued-message";

describe("Queue message groups", () => {
  it("[JMS 2.0 3.5.9 JMSXGroupID] the first consumer to get a group's message gets all of that group", () => {
    const queue = new Queue("q");
    const c1 = new FakeConsumer("c1", 10);
    const c2 = new FakeConsumer("c2", 10);
    queue.addConsumer(c1);
    queue.addConsumer(c2);
    queue.enqueue(body("g1-a", { groupId: "g1" }));
    queue.enqueue(body("g2-a", { groupId: "g2" }));
    queue.enqueue(body("g1-b", { groupId: "g1" }));
    queue.enqueue(body("g1-c", { groupId: "g1" }));
    queue.enqueue(body("g2-b", { groupId: "g2" }));
    queue.enqueue(body("plain"));
    expect(c1.texts).toEqual(["g1-a", "g1-b", "g1-c", "plain"]);
    expect(c2.texts).toEqual(["g2-a", "g2-b"]);
  });

  it("other consumers skip a busy owner's group and take the messages behind it", () => {
    const queue = new Queue("q");
    const owner = new FakeConsumer("owner", 1);
    queue.addConsumer(owner);
    queue.enqueue(body("g-1", { groupId: "g" }));
    queue.enqueue(body("g-2", { groupId: "g" }));
    queue.enqueue(body("plain"));
    const other = new FakeConsumer("other", 10);
    queue.addConsumer(other);
    expect(other.texts).toEqual(["plain"]);
    expect(queue.depth).toBe(1);
    owner.credit = 1;
    queue.dispatch();
    expect(owner.texts).toEqual(["g-1", "g-2"]);
  });

  it("the owner leaving frees its groups: its unsettled and later messages go to another consumer", () => {
    const queue = new Queue("q");
    const owner = new FakeConsumer("owner", 1);
    queue.addConsumer(owner);
    queue.enqueue(body("g-1", { groupId: "g" }));
    queue.enqueue(body("g-2", { groupId: "g" }));
    const other = new FakeConsumer("other", 10);
    queue.addConsumer(other);
    expect(other.received).toHaveLength(0);
    queue.removeConsumer(owner);
    expect(other.texts).toEqual(["g-1", "g-2"]);
    expect(other.received[0]?.deliveryCount).toBe(1);
    queue.enqueue(body("g-3", { groupId: "g" }));
    const third = new FakeConsumer("third", 10);
    queue.addConsumer(third);
    queue.enqueue(body("g-4", { groupId: "g" }));
    expect(other.texts).toEqual(["g-1", "g-2", "g-3", "g-4"]);
    expect(third.received).toHaveLength(0);
  });

  it("the owner keeps its group after settling every message of it", () => {
    const queue = new Queue("q");
    const owner = new FakeConsumer("owner", 10);
    const other = new FakeConsumer("other", 10);
    queue.addConsumer(owner);
    queue.addConsumer(other);
    queue.enqueue(body("g-1", { groupId: "g" }));
    queue.settle(owner.received[0] as QueuedMessage, "accepted");
    queue.enqueue(body("plain"));
    queue.enqueue(body("g-2", { groupId: "g" }));
    expect(owner.texts).toEqual(["g-1", "g-2"]);
    expect(other.texts).toEqual(["plain"]);
  });
});
