import { describe, expect, it } from "vitest";
import { VirtualHost } from "../routing/virtual-host";
import { AddressError, AddressResolver } from "./address-resolver";

function setup(policies?: ConstructorParameters<typeof AddressResolver>[1]) {
  const host = new VirtualHost();
  let n = 0;
  const resolver = new AddressResolver(host, policies, () => `id${++n}`);
  return { host, resolver };
}

describe("AddressResolver (Broker-J's address resolution)", () => {
  it("creates a queue on first use of an unknown address and returns the same queue after", () => {
    const { host, resolver } = setup();
    const first = resolver.resolveTarget("orders", "queue");
    expect("queue" in first && first.queue.name).toBe("orders");
    expect(host.queueNames()).toEqual(["orders"]);
    expect(resolver.resolveSource("orders", undefined)).toEqual({ queue: host.queue("orders") });
  });

  it.each([[undefined], [null], [""], [42], ["x".repeat(256)]])("refuses the address %j", (address) => {
    expect(() => setup().resolver.resolveTarget(address, undefined)).toThrow(AddressError);
    expect(() => setup().resolver.resolveSource(address, undefined)).toThrow(AddressError);
  });

  it("a target naming an exchange publishes to it with the message's key; X/K fixes the key", () => {
    const { host, resolver } = setup();
    expect(resolver.resolveTarget("amq.direct", undefined)).toEqual({
      exchange: host.exchange("amq.direct"),
    });
    expect(resolver.resolveTarget("amq.direct/blue", "queue")).toEqual({
      exchange: host.exchange("amq.direct"),
      key: "blue",
    });
    expect(host.queueNames()).toEqual([]);
  });

  it("a target finds an exchange before a queue of the same name; a source the queue first", () => {
    const { host, resolver } = setup();
    host.declareExchange("both", { type: "fanout" });
    host.declareQueue("both");
    expect(resolver.resolveTarget("both", undefined)).toEqual({ exchange: host.exchange("both") });
    expect(resolver.resolveSource("both", undefined)).toEqual({ queue: host.queue("both") });
  });

  it("a source naming an exchange (or X/K) is a subscription with that binding key", () => {
    const { host, resolver } = setup();
    expect(resolver.resolveSource("amq.fanout", undefined)).toEqual({
      exchange: host.exchange("amq.fanout"),
      key: "",
    });
    expect(resolver.resolveSource("amq.topic/news.#", undefined)).toEqual({
      exchange: host.exchange("amq.topic"),
      key: "news.#",
    });
  });

  it("[qpid-jms 2.1] the topic capability makes an address with no exchange a key on amq.topic", () => {
    const { host, resolver } = setup();
    const amqTopic = host.exchange("amq.topic");
    expect(resolver.resolveTarget("news.sport", "topic")).toEqual({ exchange: amqTopic, key: "news.sport" });
    expect(resolver.resolveSource("news.*", "topic")).toEqual({ exchange: amqTopic, key: "news.*" });
    host.declareExchange("prices", { type: "topic" });
    expect(resolver.resolveTarget("prices", "topic")).toEqual({ exchange: host.exchange("prices") });
    expect(resolver.resolveSource("prices", "topic")).toEqual({ exchange: host.exchange("prices"), key: "" });
    expect(host.queueNames()).toEqual([]);
  });

  it("X/K needs X to be an exchange", () => {
    const { resolver } = setup();
    expect(() => resolver.resolveTarget("nothing/key", undefined)).toThrow(/no exchange "nothing"/);
    expect(() => resolver.resolveSource("nothing/key", undefined)).toThrow(/no exchange "nothing"/);
  });

  it("auto-creation follows the first matching policy, per direction", () => {
    const { host, resolver } = setup([
      { pattern: "events\\..*", nodeType: "exchange", exchangeType: "fanout", createdOnConsume: false },
      { pattern: "q\\..*", nodeType: "queue", createdOnPublish: false, queueOptions: { maxLength: 5 } },
    ]);
    expect(resolver.resolveTarget("events.a", undefined)).toEqual({ exchange: host.exchange("events.a") });
    expect(host.exchange("events.a")?.type).toBe("fanout");
    expect(() => resolver.resolveSource("events.b", undefined)).toThrow(/no auto-creation policy/);
    expect(() => resolver.resolveTarget("q.x", undefined)).toThrow(/on publish/);
    expect(resolver.resolveSource("q.x", undefined)).toEqual({ queue: host.queue("q.x") });
    expect(host.queue("q.x")?.options.maxLength).toBe(5);
    expect(() => resolver.resolveTarget("other", undefined)).toThrow(AddressError);
  });

  it("asks the creation guard before creating, and creates nothing when it refuses", () => {
    const { host, resolver } = setup();
    const refuse = () => {
      throw new AddressError("unauthorized-access", "no");
    };
    expect(() => resolver.resolveTarget("guarded", undefined, refuse)).toThrow("no");
    expect(host.queueNames()).toEqual([]);
  });

  it("[AMQP 3.5.3] dynamic nodes get unique names and are never revived by name once deleted", () => {
    const { host, resolver } = setup();
    const queue = resolver.createDynamic("queue");
    const topic = resolver.createDynamic("topic");
    expect(queue.name).toBe("TempQueue-id1");
    expect(topic).toBe(host.exchange("TempTopic-id2"));
    expect(topic.kind === "exchange" && topic.type).toBe("fanout");
    host.deleteQueue(queue.name);
    host.deleteExchange(topic.name);
    expect(() => resolver.resolveTarget("TempQueue-id1", "queue")).toThrow(/deleted when its creator closed/);
    expect(() => resolver.resolveSource("TempTopic-id2", "topic")).toThrow(/deleted when its creator closed/);
  });
});
