// JMS message selectors [JMS 2.0 3.8] in source filters [qpid-jms 2.1]: per consumer on a queue, per
// subscription on a topic, and for browsers; an invalid selector refuses the link.
import { type AmqpValue, amqp, encodeMessage } from "@jms-ts/codec";
import rhea from "rhea";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { attachRefusal, BrokerFixture, isNullTerminus, nextEvent, remoteError } from "./rhea-client";

const fixture = new BrokerFixture();
beforeEach(() => fixture.start());
afterEach(() => fixture.stop());

const SELECTOR = 0x0000468c00000004;
const selectorFilter = (text: string) => ({ "jms-selector": rhea.types.wrap_described(text, SELECTOR) });

/** A message with string id `id`, application property color and the given header priority. */
function colored(id: string, color: string, priority?: number): Buffer {
  const properties: Array<[string, AmqpValue]> = [["color", amqp.string(color)]];
  return encodeMessage({
    ...(priority === undefined ? {} : { header: { priority } }),
    properties: { messageId: amqp.string(id) },
    applicationProperties: properties,
    body: { kind: "value", value: amqp.string(id) },
  });
}

describe("selectors", () => {
  it("[JMS 2.0 3.8.1] a queue consumer with a selector gets only what it selects; a plain consumer gets the rest", async () => {
    const client = await fixture.client();
    const sender = await client.openSender("q.sel");
    const red = await client.openReceiver({
      source: { address: "q.sel", filter: selectorFilter("color = 'red'") },
    });
    red.link.add_credit(10);
    await sender.sendAll([
      colored("r1", "red"),
      colored("b1", "blue"),
      colored("r2", "red"),
      colored("b2", "blue"),
    ]);
    await red.count(2);
    const plain = await client.openReceiver("q.sel");
    plain.link.add_credit(10);
    await plain.count(2);
    await client.roundTrip();
    expect(red.ids).toEqual(["r1", "r2"]);
    expect(plain.ids).toEqual(["b1", "b2"]);
  });

  it("[AMQP 3.5.3] the applied selector is echoed in the attach reply's source filter", async () => {
    const client = await fixture.client();
    const receiver = await client.openReceiver({
      source: { address: "q.echo", filter: selectorFilter("color = 'red'") },
    });
    const filter = receiver.link.source.filter as Record<string, { value?: unknown }> | undefined;
    expect(Object.keys(filter ?? {})).toEqual(["jms-selector"]);
    expect(filter?.["jms-selector"]?.value).toBe("color = 'red'");
  });

  it("[AMQP 3.5.3] the descriptor may be the symbol apache.org:selector-filter:string, under any key", async () => {
    const client = await fixture.client();
    const sender = await client.openSender("q.symbol");
    const filter = { mine: rhea.types.wrap_described("color = 'blue'", "apache.org:selector-filter:string") };
    const blue = await client.openReceiver({ source: { address: "q.symbol", filter } });
    blue.link.add_credit(5);
    await sender.sendAll([colored("r1", "red"), colored("b1", "blue")]);
    await blue.count(1);
    await client.roundTrip();
    expect(blue.ids).toEqual(["b1"]);
    expect(fixture.broker.queueStats("q.symbol")?.depth).toBe(1);
  });

  it("[qpid-jms 2.6] an invalid selector refuses the link with amqp:invalid-field, naming the selector and the fault", async () => {
    const client = await fixture.client();
    const attach = client.openReceiver({
      source: { address: "q.bad", filter: selectorFilter("color = = 'x'") },
    });
    const error = await attachRefusal(attach);
    expect(error.condition).toBe("amqp:invalid-field");
    expect(error.description).toBe(
      `invalid selector at column 9: expected an identifier, a literal or "(" but found "=" in "color = = 'x'"`,
    );
    const topicAttach = client.openReceiver({
      source: { address: "t.bad", capabilities: ["topic"], filter: selectorFilter("(((") },
    });
    expect((await attachRefusal(topicAttach)).condition).toBe("amqp:invalid-field");
    expect(fixture.broker.queueNames().filter((name) => name.startsWith("qpidsub_"))).toEqual([]);
  });

  it("[JMS 2.0 6.11] a topic subscriber with a selector gets only what it selects; its subscription queue stores nothing else", async () => {
    const client = await fixture.client();
    const topic = { address: "t.sel", capabilities: ["topic"] };
    const red = await client.openReceiver({ source: { ...topic, filter: selectorFilter("color = 'red'") } });
    const all = await client.openReceiver({ source: topic });
    const sender = await client.openSender({ target: topic });
    await sender.sendAll([colored("r1", "red"), colored("b1", "blue"), colored("r2", "red")]);
    const redQueue = fixture.broker
      .bindings("amq.topic")
      .map((binding) => binding.queue)
      .find((name) => fixture.broker.queueStats(name)?.depth === 2);
    expect(redQueue).toBeDefined();
    red.link.add_credit(10);
    all.link.add_credit(10);
    await Promise.all([red.count(2), all.count(3)]);
    await client.roundTrip();
    expect(red.ids).toEqual(["r1", "r2"]);
    expect(all.ids).toEqual(["r1", "b1", "r2"]);
  });

  it("[JMS 2.0 3.8.1.1] selects on JMS headers: JMSPriority", async () => {
    const client = await fixture.client();
    const sender = await client.openSender("q.prio");
    await sender.sendAll([colored("low", "x", 1), colored("high", "x", 8), colored("default", "x")]);
    const urgent = await client.openReceiver({
      source: { address: "q.prio", filter: selectorFilter("JMSPriority > 5") },
    });
    urgent.link.add_credit(10);
    await urgent.count(1);
    await client.roundTrip();
    expect(urgent.ids).toEqual(["high"]);
    expect(fixture.broker.queueStats("q.prio")?.depth).toBe(2);
  });

  it("[AMQP 3.5.3] a browser with a selector browses only what it selects and leaves the queue as it was", async () => {
    const client = await fixture.client();
    const sender = await client.openSender("q.browse");
    await sender.sendAll([colored("r1", "red"), colored("b1", "blue"), colored("r2", "red")]);
    const browser = await client.openReceiver({
      source: { address: "q.browse", distribution_mode: "copy", filter: selectorFilter("color = 'red'") },
      snd_settle_mode: 1,
    });
    browser.link.add_credit(10);
    await browser.count(2);
    await client.roundTrip();
    expect(browser.ids).toEqual(["r1", "r2"]);
    expect(fixture.broker.queueStats("q.browse")?.depth).toBe(3);
  });

  it("a refused selector consumer leaves no trace: the queue keeps serving plain consumers", async () => {
    const client = await fixture.client();
    const bad = client.connection.open_receiver({
      source: { address: "q.trace", filter: selectorFilter("color LIKE") },
      credit_window: 0,
    });
    await nextEvent(bad, "receiver_close");
    expect(isNullTerminus(bad.source)).toBe(true);
    expect(remoteError(bad)?.condition).toBe("amqp:invalid-field");
    const sender = await client.openSender("q.trace");
    const plain = await client.openReceiver("q.trace");
    plain.link.add_credit(1);
    await sender.send(colored("p1", "red"));
    await plain.count(1);
    expect(fixture.broker.queueStats("q.trace")?.consumers).toBe(1);
  });
});
