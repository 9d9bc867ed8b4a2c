import { describe, expect, it } from "vitest";
import { IllegalStateException } from "../errors/exceptions";
import { JMSException } from "../errors/jms-exception";
import { type SubscriptionRequest, SubscriptionTracker } from "./subscription-tracker";

const durable: SubscriptionRequest = {
  name: "sub",
  durable: true,
  shared: false,
  address: "news",
  selector: undefined,
};
const sharedDurable: SubscriptionRequest = { ...durable, shared: true };
const sharedVolatile: SubscriptionRequest = { ...durable, durable: false, shared: true };

describe("[qpid-jms 2.7] SubscriptionTracker", () => {
  it("[JMS 2.0 8.3.2] an unshared durable subscription has one active consumer; free again once released", () => {
    const tracker = new SubscriptionTracker();
    expect(tracker.reserve("c1", durable)).toBe(1);
    expect(() => tracker.reserve("c2", durable)).toThrow(IllegalStateException);
    expect(() => tracker.reserve("c2", durable)).toThrow(/"sub" already has an active consumer/);
    expect(tracker.isDurableActive("sub")).toBe(true);
    tracker.release("c1");
    expect(tracker.isDurableActive("sub")).toBe(false);
    expect(tracker.reserve("c3", durable)).toBe(1);
  });

  it("numbers a shared subscription's consumers while it stays in use, then starts again", () => {
    const tracker = new SubscriptionTracker();
    expect(tracker.reserve("c1", sharedDurable)).toBe(1);
    expect(tracker.reserve("c2", sharedDurable)).toBe(2);
    tracker.release("c1");
    expect(tracker.reserve("c3", sharedDurable)).toBe(3);
    tracker.release("c2");
    tracker.release("c3");
    expect(tracker.isDurableActive("sub")).toBe(false);
    expect(tracker.reserve("c4", sharedDurable)).toBe(1);
  });

  it("shared durable and shared volatile subscriptions of one name are counted apart", () => {
    const tracker = new SubscriptionTracker();
    expect(tracker.reserve("c1", sharedDurable)).toBe(1);
    expect(tracker.reserve("c2", sharedVolatile)).toBe(1);
    expect(tracker.reserve("c3", sharedVolatile)).toBe(2);
    tracker.release("c1");
    // A volatile subscription is not durable: nothing blocks unsubscribe.
    expect(tracker.isDurableActive("sub")).toBe(false);
  });

  it("[JMS 2.0 8.3.4] shared and unshared durable subscriptions of one name cannot coexist", () => {
    const tracker = new SubscriptionTracker();
    tracker.reserve("c1", durable);
    expect(() => tracker.reserve("c2", sharedDurable)).toThrow(/in use as an unshared durable subscription/);
    tracker.release("c1");
    tracker.reserve("c2", sharedDurable);
    expect(() => tracker.reserve("c3", durable)).toThrow(/in use as a shared durable subscription/);
  });

  it("[JMS 2.0 8.3.3] shared consumers must agree on topic and selector", () => {
    const tracker = new SubscriptionTracker();
    tracker.reserve("c1", { ...sharedVolatile, selector: "a > 1" });
    expect(() => tracker.reserve("c2", { ...sharedVolatile, selector: "a > 2" })).toThrow(
      IllegalStateException,
    );
    expect(() => tracker.reserve("c2", { ...sharedVolatile, address: "other", selector: "a > 1" })).toThrow(
      /topic "news" and selector "a > 1"; a consumer with topic "other"/,
    );
    expect(tracker.reserve("c2", { ...sharedVolatile, selector: "a > 1" })).toBe(2);
  });

  it("refuses empty names and names with |, and ignores releases of unknown consumers", () => {
    const tracker = new SubscriptionTracker();
    expect(() => tracker.reserve("c1", { ...durable, name: "" })).toThrow(JMSException);
    expect(() => tracker.reserve("c1", { ...durable, name: "a|b" })).toThrow(/reserved for the link names/);
    tracker.release("unknown");
    expect(tracker.reserve("c1", durable)).toBe(1);
  });
});
