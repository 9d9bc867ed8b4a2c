import { describe, expect, it } from "vitest";
import { escapeName, subscriptionNameOf, subscriptionQueueName } from "./subscription-name";

const durable = { durable: true, shared: false, global: false };

describe("subscription names", () => {
  it("[qpid-jms 2.7] a shared link names its subscription by the part before '|'", () => {
    for (const link of [
      "sub",
      "sub|2",
      "sub|volatile1",
      "sub|global",
      "sub|global2",
      "sub|global-volatile1",
    ]) {
      expect(subscriptionNameOf(link, true), link).toBe("sub");
    }
  });

  it("an exclusive durable subscription is the whole link name; a leading '|' is not a separator", () => {
    expect(subscriptionNameOf("a|b", false)).toBe("a|b");
    expect(subscriptionNameOf("|x", true)).toBe("|x");
  });

  it("[Broker-J] queue names: qpidsub_/<container>_/<name>_/durable|nondurable, _global_ for global", () => {
    expect(subscriptionQueueName("client1", "sub", durable)).toBe("qpidsub_/client1_/sub_/durable");
    expect(subscriptionQueueName("client1", "sub", { durable: false, shared: true, global: false })).toBe(
      "qpidsub_/client1_/sub_/nondurable",
    );
    expect(subscriptionQueueName("client1", "sub", { durable: true, shared: true, global: true })).toBe(
      "qpidsub_/_global__/sub_/durable",
    );
  });

  it("[Broker-J] escapes both parts, so a '_/' in a name cannot forge another subscription's queue", () => {
    expect(escapeName("a_b.c(d)<e>")).toBe("a__b_:c_Od_C_Le_R");
    expect(subscriptionQueueName("c_/x", "s", durable)).not.toBe(subscriptionQueueName("c", "x_/s", durable));
    expect(subscriptionQueueName("ID:a.b", "s", durable)).toBe("qpidsub_/ID:a_:b_/s_/durable");
  });
});
