import { describe, expect, it } from "vitest";
import { AccessControl } from "./access-control";

const q = (name: string) => ({ kind: "queue" as const, name });
const x = (name: string) => ({ kind: "exchange" as const, name });

describe("AccessControl", () => {
  it("without rules allows everything, to everyone", () => {
    const acl = new AccessControl();
    expect(acl.enabled).toBe(false);
    expect(acl.allows(undefined, "manage", q("any"))).toBe(true);
  });

  it("with rules refuses what no rule allows", () => {
    const acl = new AccessControl([
      { user: "alice", allow: ["send", "consume"], queues: "orders\\..*" },
      { user: "*", allow: ["browse"], queues: ".*" },
      { user: "bob", allow: ["consume"], exchanges: "amq\\.topic" },
      { user: "admin", allow: ["send", "consume", "browse", "manage"] },
    ]);
    expect(acl.allows("alice", "send", q("orders.eu"))).toBe(true);
    expect(acl.allows("alice", "send", q("ordersX"))).toBe(false);
    expect(acl.allows("alice", "send", q("x.orders.eu"))).toBe(false); // whole-name match
    expect(acl.allows("alice", "manage", q("orders.eu"))).toBe(false);
    expect(acl.allows("alice", "send", x("orders.eu"))).toBe(false); // a queues pattern says nothing of exchanges
    expect(acl.allows(undefined, "browse", q("anything"))).toBe(true); // "*" includes anonymous
    expect(acl.allows("bob", "browse", q("anything"))).toBe(true); // and every named user
    expect(acl.allows(undefined, "consume", q("anything"))).toBe(false);
    expect(acl.allows("bob", "consume", x("amq.topic"))).toBe(true);
    expect(acl.allows("bob", "consume", q("amq.topic"))).toBe(false);
    expect(acl.allows("admin", "manage", x("anything"))).toBe(true);
  });

  it("says who may not do what, where", () => {
    const acl = new AccessControl([{ user: "a", allow: ["send"] }]);
    expect(acl.describeRefusal("b", "consume", q("q1"))).toBe(
      'user "b" may not consume on queue "q1" (access rules)',
    );
    expect(acl.describeRefusal(undefined, "send", x("e"))).toBe(
      'an anonymous connection may not send on exchange "e" (access rules)',
    );
  });

  it("refuses a pattern that is not a regular expression, naming the rule", () => {
    expect(() => new AccessControl([{ user: "a", allow: ["send"], queues: "(" }])).toThrow(
      /acl\[0\]\.queues: "\("/,
    );
  });
});
