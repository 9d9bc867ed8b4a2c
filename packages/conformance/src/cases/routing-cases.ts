import { type Message, type MessageConsumer, type Session, TextMessage } from "@jms-ts/client";
import { randomUUID } from "node:crypto";
import type { CaseContext, ConformanceCase } from "../harness/conformance-case";
import { expectEqual, RECEIVE_MS } from "./assert";

/*
 * Exchanges and bindings as Qpid Broker-J has them for AMQP 1.0, on the topology that both the bundled broker
 * (brokers/bundled/routing-topology.json) and Broker-J (brokers/qpid-broker-j/initial-config.json) declare:
 *
 *   routing.direct  (direct)   routing.direct.blue "blue", routing.direct.green "green"
 *   routing.fanout  (fanout)   routing.fanout.a, routing.fanout.b
 *   routing.topic   (topic)    routing.topic.nyse "stock.*.nyse", routing.topic.all "stock.#"
 *   routing.headers (headers)  routing.headers.all {x-match all, type report, region eu},
 *                              routing.headers.any {x-match any, type report, region eu}
 *   amq.match       (headers)  routing.match.gold {x-match all, tier gold}, routing.match.silver {… tier silver}
 *
 * A JMS Topic `X/K` sends to target `X/K` (K is the routing key of every message) and subscribes with binding
 * key K; a Topic `X` sends to exchange X with the routing key of each message (application property
 * `routing_key`, else JMSType, which travels as properties.subject). Every message sent is routed to at least
 * one queue, since the brokers treat unroutable messages differently (Broker-J discards, the bundled broker
 * releases unless the link is a topic's).
 *
 * The topology's queues are shared by the whole run, so each case marks its messages with a property unique
 * to it and reads past anything else: the cases pass in any order, and a queue that another case (or an
 * earlier failure) left messages on does not disturb them.
 */

/** The application property carrying a case's unique mark. */
const MARK = "routingRun";

/** How long a reader waits to show that no further message comes. */
const ABSENT_MS = 500;

interface Outgoing {
  /** The JMS topic name to publish to (an exchange, `X/K`, or an amq.topic address). */
  readonly topic: string;
  readonly text: string;
  readonly properties?: Readonly<Record<string, string>>;
  readonly jmsType?: string;
}

/** A session and the case's mark. */
interface Run {
  readonly session: Session;
  readonly mark: string;
}

async function open(ctx: CaseContext): Promise<Run> {
  const connection = await ctx.connect();
  return { session: await connection.createSession(), mark: randomUUID() };
}

/** Sends each message in turn, each settled before the next, so every queue sees them in this order. */
async function publish(run: Run, messages: readonly Outgoing[]): Promise<void> {
  for (const outgoing of messages) {
    const producer = await run.session.createProducer(run.session.createTopic(outgoing.topic));
    const message = run.session.createTextMessage(outgoing.text);
    message.setStringProperty(MARK, run.mark);
    for (const [name, value] of Object.entries(outgoing.properties ?? {}))
      message.setStringProperty(name, value);
    if (outgoing.jmsType !== undefined) message.setJMSType(outgoing.jmsType);
    await producer.send(message);
    await producer.close();
  }
}

function isOurs(message: Message, mark: string): boolean {
  return message.getStringProperty(MARK) === mark;
}

/**
 * The texts of this run's messages on `consumer`, in arrival order: waits for `expected` of them, then
 * ABSENT_MS more for any extra; messages of other runs are skipped.
 */
async function ourTexts(consumer: MessageConsumer, mark: string, expected: number): Promise<string[]> {
  const texts: string[] = [];
  for (;;) {
    const message = await consumer.receive(texts.length < expected ? RECEIVE_MS : ABSENT_MS);
    if (message === null) return texts;
    if (!isOurs(message, mark)) continue;
    texts.push(message instanceof TextMessage ? (message.getText() ?? "") : `<${message.constructor.name}>`);
  }
}

/** Reads topology queue `queue` and checks that exactly `expected` of this run's messages are on it, in order. */
async function expectQueue(run: Run, queue: string, expected: readonly string[]): Promise<void> {
  const consumer = await run.session.createConsumer(run.session.createQueue(queue));
  try {
    expectEqual(await ourTexts(consumer, run.mark, expected.length), [...expected], `queue ${queue}`);
  } finally {
    await consumer.close();
  }
}

/** Checks what a topic subscriber got. */
async function expectSubscriber(
  run: Run,
  consumer: MessageConsumer,
  expected: readonly string[],
  what: string,
): Promise<void> {
  expectEqual(await ourTexts(consumer, run.mark, expected.length), [...expected], what);
}

/** A dot-free word unique to this case run, to keep amq.topic keys apart from every other case's. */
function uniqueWord(): string {
  return `r${randomUUID().slice(0, 8)}`;
}

export const routingCases: ConformanceCase[] = [
  {
    id: "routing.direct",
    title:
      "a direct exchange routes by the exact key: target X/K, else property routing_key, else JMSType (subject)",
    requires: ["exchanges", "queues", "topics"],
    async run(ctx) {
      const run = await open(ctx);
      await publish(run, [
        { topic: "routing.direct/green", text: "green by address" },
        { topic: "routing.direct/blue", text: "blue by address" },
        { topic: "routing.direct", text: "green by subject", jmsType: "green" },
        { topic: "routing.direct", text: "blue by subject", jmsType: "blue" },
        {
          topic: "routing.direct",
          text: "blue by routing_key",
          jmsType: "green",
          properties: { routing_key: "blue" },
        },
      ]);
      await expectQueue(run, "routing.direct.blue", [
        "blue by address",
        "blue by subject",
        "blue by routing_key",
      ]);
      await expectQueue(run, "routing.direct.green", ["green by address", "green by subject"]);
    },
  },
  {
    id: "routing.fanout",
    title: "a fanout exchange copies every message to each bound queue, whatever its routing key",
    requires: ["exchanges", "queues", "topics"],
    async run(ctx) {
      const run = await open(ctx);
      await publish(run, [
        { topic: "routing.fanout", text: "no key" },
        { topic: "routing.fanout/some.key", text: "with a key" },
      ]);
      await expectQueue(run, "routing.fanout.a", ["no key", "with a key"]);
      await expectQueue(run, "routing.fanout.b", ["no key", "with a key"]);
    },
  },
  {
    id: "routing.topic-patterns",
    title: "a topic exchange matches binding patterns: * is exactly one word, # zero or more",
    requires: ["exchanges", "queues", "topics"],
    async run(ctx) {
      const run = await open(ctx);
      await publish(run, [
        { topic: "routing.topic/stock.ibm.nyse", text: "stock.ibm.nyse" },
        { topic: "routing.topic/stock.ibm.nasdaq", text: "stock.ibm.nasdaq" },
        { topic: "routing.topic/stock.ibm.a.nyse", text: "stock.ibm.a.nyse" },
        { topic: "routing.topic/stock", text: "stock" },
        { topic: "routing.topic", text: "stock.hp.nyse by subject", jmsType: "stock.hp.nyse" },
      ]);
      await expectQueue(run, "routing.topic.nyse", ["stock.ibm.nyse", "stock.hp.nyse by subject"]);
      await expectQueue(run, "routing.topic.all", [
        "stock.ibm.nyse",
        "stock.ibm.nasdaq",
        "stock.ibm.a.nyse",
        "stock",
        "stock.hp.nyse by subject",
      ]);
    },
  },
  {
    id: "routing.headers",
    title: "a headers exchange matches application properties: x-match all needs every one, any just one",
    requires: ["exchanges", "queues", "topics"],
    async run(ctx) {
      const run = await open(ctx);
      await publish(run, [
        { topic: "routing.headers", text: "report eu", properties: { type: "report", region: "eu" } },
        { topic: "routing.headers", text: "report us", properties: { type: "report", region: "us" } },
        { topic: "routing.headers", text: "invoice eu", properties: { type: "invoice", region: "eu" } },
      ]);
      await expectQueue(run, "routing.headers.all", ["report eu"]);
      await expectQueue(run, "routing.headers.any", ["report eu", "report us", "invoice eu"]);
    },
  },
  {
    id: "routing.amq-match",
    title: "the predeclared amq.match headers exchange routes by its configured bindings",
    requires: ["exchanges", "queues", "topics"],
    async run(ctx) {
      const run = await open(ctx);
      await publish(run, [
        { topic: "amq.match", text: "silver", properties: { tier: "silver" } },
        { topic: "amq.match", text: "gold", properties: { tier: "gold" } },
      ]);
      await expectQueue(run, "routing.match.gold", ["gold"]);
      await expectQueue(run, "routing.match.silver", ["silver"]);
    },
  },
  {
    id: "routing.exchange-subscriptions",
    title:
      "a consumer on topic X/K subscribes to exchange X with binding key K; on topic X with an empty key",
    requires: ["exchanges", "topics"],
    async run(ctx) {
      const run = await open(ctx);
      const blue = await run.session.createConsumer(run.session.createTopic("routing.direct/blue"));
      const fanout = await run.session.createConsumer(run.session.createTopic("routing.fanout"));
      await publish(run, [
        { topic: "routing.direct/green", text: "green" },
        { topic: "routing.direct/blue", text: "blue" },
        { topic: "routing.fanout", text: "fanout" },
      ]);
      await expectSubscriber(run, blue, ["blue"], "subscriber on routing.direct/blue");
      await expectSubscriber(run, fanout, ["fanout"], "subscriber on routing.fanout");
    },
  },
  {
    id: "routing.amq-topic-addresses",
    title:
      "topic amq.topic/stock.ibm.nyse reaches subscribers on amq.topic/stock.*.nyse and stock.#, not stock.*.nasdaq",
    requires: ["exchanges", "topics"],
    async run(ctx) {
      const run = await open(ctx);
      const word = uniqueWord();
      const subscribe = (pattern: string) =>
        run.session.createConsumer(run.session.createTopic(`amq.topic/${word}.${pattern}`));
      const nyse = await subscribe("stock.*.nyse");
      const nasdaq = await subscribe("stock.*.nasdaq");
      const all = await subscribe("stock.#");
      await publish(run, [
        { topic: `amq.topic/${word}.stock.ibm.nyse`, text: "ibm nyse" },
        { topic: `amq.topic/${word}.stock.ibm.nasdaq`, text: "ibm nasdaq" },
      ]);
      await expectSubscriber(run, nyse, ["ibm nyse"], "subscriber on stock.*.nyse");
      await expectSubscriber(run, nasdaq, ["ibm nasdaq"], "subscriber on stock.*.nasdaq");
      await expectSubscriber(run, all, ["ibm nyse", "ibm nasdaq"], "subscriber on stock.#");
    },
  },
  {
    id: "routing.topic-name-patterns",
    title: "a JMS topic name with * or # subscribes by pattern on the target's topic exchange",
    requires: ["exchanges", "topics"],
    async run(ctx) {
      const run = await open(ctx);
      // ctx.topicName keeps the pattern's words in the middle of the name (Broker-J: amq.topic/<name>;
      // bundled: <name>, which it binds on amq.topic).
      const subscribe = (pattern: string) =>
        run.session.createConsumer(run.session.createTopic(ctx.topicName(pattern)));
      const nyse = await subscribe("stock.*.nyse");
      const all = await subscribe("stock.#");
      await publish(run, [
        { topic: ctx.topicName("stock.ibm.nyse"), text: "ibm nyse" },
        { topic: ctx.topicName("stock.ibm.nasdaq"), text: "ibm nasdaq" },
      ]);
      await expectSubscriber(run, nyse, ["ibm nyse"], "subscriber on stock.*.nyse");
      await expectSubscriber(run, all, ["ibm nyse", "ibm nasdaq"], "subscriber on stock.#");
    },
  },
];
