import { describe, expect, it } from "vitest";
import { QueueRegistry } from "../queues/queue-registry";
import { TopicRegistry } from "../routing/topic-registry";
import { AddressError, AddressResolver } from "./address-resolver";

function setup() {
  const queues = new QueueRegistry();
  const topics = new TopicRegistry();
  let n = 0;
  const resolver = new AddressResolver(queues, topics, () => `id${++n}`);
  return { queues, topics, resolver };
}

describe("AddressResolver", () => {
  it("creates a queue on first use of an unknown address and returns the same queue after", () => {
    const { queues, resolver } = setup();
    const first = resolver.resolve("orders", "queue");
    expect(first.kind).toBe("queue");
    expect(queues.names()).toEqual(["orders"]);
    expect(resolver.resolve("orders", undefined)).toBe(first);
  });

  it.each([[undefined], [null], [""], [42], ["x".repeat(256)]])("refuses the address %j", (address) => {
    expect(() => setup().resolver.resolve(address, undefined)).toThrow(AddressError);
  });

  it("[qpid-jms 2.1] the topic capability names a topic; an untyped address then finds the topic", () => {
    const { topics, queues, resolver } = setup();
    const topic = resolver.resolve("news", "topic");
    expect(topic.kind).toBe("topic");
    expect(topics.names()).toEqual(["news"]);
    expect(resolver.resolve("news", undefined)).toBe(topic);
    expect(queues.names()).toEqual([]);
  });

  it("amq.topic/<name> is the topic <name>, as on Broker-J", () => {
    const { resolver } = setup();
    expect(resolver.resolve("amq.topic/news", undefined)).toBe(resolver.resolve("news", "topic"));
    expect(() => resolver.resolve("amq.topic/news.#", undefined)).toThrow(/wildcard/);
    expect(() => resolver.resolve("amq.topic/news", "queue")).toThrow(/names a topic/);
  });

  it("a queue and a topic never share a name", () => {
    const { resolver } = setup();
    resolver.resolve("a", "queue");
    resolver.resolve("b", "topic");
    expect(() => resolver.resolve("a", "topic")).toThrow(/"a" is a queue; a topic cannot have the same name/);
    expect(() => resolver.resolve("b", "queue")).toThrow(/"b" is a topic; a queue cannot/);
  });

  it("[AMQP 3.5.3] dynamic nodes get unique names and are not revived once deleted", () => {
    const { resolver } = setup();
    const queue = resolver.createDynamic("queue");
    const topic = resolver.createDynamic("topic");
    expect([queue.name, topic.name]).toEqual(["TempQueue-id1", "TempTopic-id2"]);
    expect(resolver.resolve(queue.name, undefined)).toBe(queue);
    resolver.delete(queue);
    resolver.delete(topic);
    expect(() => resolver.resolve(queue.name, undefined)).toThrow(/no temporary queue/);
    expect(() => resolver.resolve(topic.name, "topic")).toThrow(/no temporary topic/);
  });
});
