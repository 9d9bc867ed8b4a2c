import { describe, expect, it } from "vitest";
import { Topic } from "./topic";

const publisherA = {};
const publisherB = {};

describe("Topic", () => {
  it("[JMS 2.0 6.11] copies each message to every subscription, sharing the bytes", () => {
    const topic = new Topic("t");
    const one = topic.subscribe({ id: "1", subscriber: publisherA, noLocal: false });
    const two = topic.subscribe({ id: "2", subscriber: publisherB, noLocal: false });
    const bytes = Buffer.from("m");
    expect(topic.publish(bytes, publisherA)).toBe(2);
    expect([one.queue.depth, two.queue.depth]).toEqual([1, 1]);
    expect(one.queue.name).not.toBe(two.queue.name);
  });

  it("[JMS 2.0 6.11] with no subscriptions a message is dropped", () => {
    const topic = new Topic("t");
    expect(topic.publish(Buffer.from("m"), publisherA)).toBe(0);
    const late = topic.subscribe({ id: "late", subscriber: publisherA, noLocal: false });
    expect(late.queue.depth).toBe(0);
  });

  it("[JMS 2.0 6.11.1] no-local skips the subscriber's own messages only", () => {
    const topic = new Topic("t");
    const local = topic.subscribe({ id: "1", subscriber: publisherA, noLocal: true });
    expect(topic.publish(Buffer.from("own"), publisherA)).toBe(0);
    expect(topic.publish(Buffer.from("other"), publisherB)).toBe(1);
    expect(local.queue.depth).toBe(1);
  });

  it("stops copying to a subscription once unsubscribed", () => {
    const topic = new Topic("t");
    const gone = topic.subscribe({ id: "1", subscriber: publisherA, noLocal: false });
    topic.subscribe({ id: "2", subscriber: publisherA, noLocal: false });
    topic.unsubscribe(gone);
    expect(topic.subscriberCount).toBe(1);
    topic.publish(Buffer.from("m"), publisherB);
    expect(gone.queue.depth).toBe(0);
    expect(topic.unsubscribeAll()).toHaveLength(1);
    expect(topic.subscriberCount).toBe(0);
  });
});
