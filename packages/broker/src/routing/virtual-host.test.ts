import { describe, expect, it } from "vitest";
import { FakeClock } from "../queues/fake-clock";
import { DeclarationError } from "./declaration-error";
import { testMessage } from "./test-message";
import { VirtualHost } from "./virtual-host";

function hostWithQueues(...names: string[]) {
  const host = new VirtualHost();
  for (const name of names) host.declareQueue(name);
  return host;
}

function depths(host: VirtualHost, ...names: string[]): number[] {
  return names.map((name) => host.queue(name)?.depth ?? -1);
}

describe("VirtualHost routing", () => {
  it("predeclares amq.direct, amq.fanout, amq.topic and amq.match", () => {
    const host = new VirtualHost();
    expect(host.exchangeNames().map((name) => [name, host.exchange(name)?.type])).toEqual([
      ["amq.direct", "direct"],
      ["amq.fanout", "fanout"],
      ["amq.topic", "topic"],
      ["amq.match", "headers"],
    ]);
  });

  it("direct: the exact routing key only", () => {
    const host = hostWithQueues("blue", "green");
    host.bind({ exchange: "amq.direct", queue: "blue", key: "blue" });
    host.bind({ exchange: "amq.direct", queue: "green", key: "green" });
    const exchange = host.exchange("amq.direct")!;
    expect(host.publish({ exchange, key: "blue" }, testMessage()).outcome).toBe("accepted");
    expect(host.publish({ exchange, key: "blue.x" }, testMessage()).outcome).toBe("released");
    expect(depths(host, "blue", "green")).toEqual([1, 0]);
  });

  it("fanout: a copy to every bound queue, whatever the key", () => {
    const host = hostWithQueues("a", "b");
    host.bind({ exchange: "amq.fanout", queue: "a" });
    host.bind({ exchange: "amq.fanout", queue: "b", key: "ignored" });
    host.publish({ exchange: host.exchange("amq.fanout")! }, testMessage({ subject: "any" }));
    expect(depths(host, "a", "b")).toEqual([1, 1]);
  });

  it("topic: patterns with * and #; a queue matched by two bindings gets one copy", () => {
    const host = hostWithQueues("nyse", "all");
    host.bind({ exchange: "amq.topic", queue: "nyse", key: "stock.*.nyse" });
    host.bind({ exchange: "amq.topic", queue: "all", key: "stock.#" });
    host.bind({ exchange: "amq.topic", queue: "all", key: "#.nyse" });
    const exchange = host.exchange("amq.topic")!;
    host.publish({ exchange, key: "stock.ibm.nyse" }, testMessage());
    host.publish({ exchange, key: "stock.ibm.nasdaq" }, testMessage());
    expect(depths(host, "nyse", "all")).toEqual([1, 2]);
  });

  it("headers: x-match all needs every argument, any needs one", () => {
    const host = hostWithQueues("all", "any");
    host.bind({
      exchange: "amq.match",
      queue: "all",
      arguments: { "x-match": "all", type: "report", region: "eu" },
    });
    host.bind({
      exchange: "amq.match",
      queue: "any",
      arguments: { "x-match": "any", type: "report", region: "eu" },
    });
    const exchange = host.exchange("amq.match")!;
    const send = (props: Record<string, string>) =>
      host.publish({ exchange }, testMessage({ applicationProperties: new Map(Object.entries(props)) }))
        .outcome;
    expect(send({ type: "report", region: "eu" })).toBe("accepted");
    expect(send({ type: "report", region: "us" })).toBe("accepted");
    expect(send({ type: "invoice" })).toBe("released");
    expect(depths(host, "all", "any")).toEqual([1, 2]);
  });

  it("the routing key comes from the routing-key annotation, else the subject, else `to` less the exchange", () => {
    const host = hostWithQueues("k");
    host.bind({ exchange: "amq.direct", queue: "k", key: "k" });
    const exchange = host.exchange("amq.direct")!;
    host.publish({ exchange }, testMessage({ routingKey: "k", subject: "x" }));
    host.publish({ exchange }, testMessage({ subject: "k", to: "x" }));
    host.publish({ exchange }, testMessage({ to: "amq.direct/k" }));
    expect(depths(host, "k")).toEqual([3]);
  });

  it("an unroutable message goes to the alternate exchange when there is one", () => {
    const host = hostWithQueues("unrouted");
    host.declareExchange("ex", { type: "direct", alternateExchange: "amq.fanout" });
    host.bind({ exchange: "amq.fanout", queue: "unrouted" });
    expect(host.publish({ exchange: host.exchange("ex")!, key: "none" }, testMessage()).outcome).toBe(
      "accepted",
    );
    expect(depths(host, "unrouted")).toEqual([1]);
    expect(host.exchange("ex")?.counters()).toEqual({
      bindings: 0,
      routed: 0,
      unroutable: 1,
      publishRate: 0.1,
    });
  });

  it("alternate exchanges that form a loop end in a release", () => {
    const host = new VirtualHost();
    host.declareExchange("x1", { type: "direct", alternateExchange: "x2" });
    host.declareExchange("x2", { type: "direct", alternateExchange: "x1" });
    expect(host.publish({ exchange: host.exchange("x1")! }, testMessage()).outcome).toBe("released");
  });

  it("a reject-publish queue at its limit refuses the message for every queue it would reach", () => {
    const host = new VirtualHost();
    host.declareQueue("small", { maxLength: 1, overflow: "reject-publish" });
    host.declareQueue("big");
    host.bind({ exchange: "amq.fanout", queue: "small" });
    host.bind({ exchange: "amq.fanout", queue: "big" });
    const exchange = host.exchange("amq.fanout")!;
    expect(host.publish({ exchange }, testMessage()).outcome).toBe("accepted");
    const refused = host.publish({ exchange }, testMessage());
    expect(refused.outcome).toBe("rejected");
    expect(depths(host, "small", "big")).toEqual([1, 1]);
  });

  it("declarations are idempotent with the same options and refused with others", () => {
    const host = new VirtualHost();
    const queue = host.declareQueue("q", { maxLength: 5 });
    expect(host.declareQueue("q", { maxLength: 5 })).toBe(queue);
    expect(() => host.declareQueue("q", { maxLength: 6 })).toThrow(DeclarationError);
    host.declareExchange("e", { type: "topic" });
    expect(() => host.declareExchange("e", { type: "fanout" })).toThrow(/exists with other options/);
    expect(() => host.declareExchange("amq.new", { type: "fanout" })).toThrow(/reserved/);
    expect(() => host.deleteExchange("amq.topic")).toThrow(/predeclared/);
    expect(() => host.bind({ exchange: "e", queue: "none" })).toThrow(/no queue "none"/);
  });

  it("deleting a queue removes its bindings; an auto-delete exchange goes with its last binding", () => {
    const host = hostWithQueues("q");
    host.declareExchange("temp", { type: "fanout", autoDelete: true });
    host.bind({ exchange: "temp", queue: "q" });
    host.bind({ exchange: "amq.fanout", queue: "q" });
    expect(host.deleteQueue("q")).toBe(0);
    expect(host.exchange("amq.fanout")?.bindingCount).toBe(0);
    expect(host.exchange("temp")).toBeUndefined();
    expect(host.deleteQueue("q")).toBeUndefined();
  });

  it("counts what each exchange routed, and its publish rate over the last 10 s of the clock", () => {
    const clock = new FakeClock(1_000_000);
    const host = new VirtualHost({ clock });
    host.declareQueue("q");
    host.bind({ exchange: "amq.direct", queue: "q", key: "k" });
    const exchange = host.exchange("amq.direct")!;
    for (let i = 0; i < 20; i++) host.publish({ exchange, key: i % 2 === 0 ? "k" : "other" }, testMessage());
    expect(exchange.counters()).toEqual({ bindings: 1, routed: 10, unroutable: 10, publishRate: 2 });
    clock.advance(11_000);
    expect(exchange.counters().publishRate).toBe(0);
  });

  it("queue defaults apply unless the declaration says otherwise", () => {
    const host = new VirtualHost({ queueDefaults: { maxBytes: 100, overflow: "drop-head" } });
    expect(host.declareQueue("q", { overflow: "reject-publish" }).options).toMatchObject({
      maxBytes: 100,
      overflow: "reject-publish",
    });
  });
});
