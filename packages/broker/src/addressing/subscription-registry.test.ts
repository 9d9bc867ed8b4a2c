import { describe, expect, it } from "vitest";
import { Queue } from "../queues/queue";
import { sameBinding, type Subscription, SubscriptionRegistry } from "./subscription-registry";

const binding = { exchange: "amq.topic", key: "t", selector: undefined, noLocal: false };

function subscription(queue: Queue): Subscription {
  const kind = { durable: true, shared: false, global: false };
  return { name: "s", containerId: "c", kind, binding, queue, source: {}, links: new Set() };
}

describe("SubscriptionRegistry", () => {
  it("finds a subscription by its queue name while its queue is current", () => {
    const registry = new SubscriptionRegistry();
    const queue = new Queue("qpidsub_/c_/s_/durable");
    const held = subscription(queue);
    registry.add(held);
    expect(registry.get(queue.name, (q) => q === queue)).toBe(held);
    registry.delete(held);
    expect(registry.get(queue.name, () => true)).toBeUndefined();
  });

  it("forgets a subscription whose queue was deleted or replaced behind its back", () => {
    const registry = new SubscriptionRegistry();
    const queue = new Queue("qpidsub_/c_/s_/durable");
    registry.add(subscription(queue));
    expect(registry.get(queue.name, () => false)).toBeUndefined();
    expect(registry.get(queue.name, () => true)).toBeUndefined();
  });

  it("[JMS 2.0 6.11.1] another key, selector or no-local is another binding", () => {
    expect(sameBinding(binding, { ...binding })).toBe(true);
    expect(sameBinding(binding, { ...binding, key: "u" })).toBe(false);
    expect(sameBinding(binding, { ...binding, selector: "a = 1" })).toBe(false);
    expect(sameBinding(binding, { ...binding, noLocal: true })).toBe(false);
    expect(sameBinding(binding, { ...binding, exchange: "amq.direct" })).toBe(false);
  });
});
