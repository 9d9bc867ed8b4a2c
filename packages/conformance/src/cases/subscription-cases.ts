import { type Connection, isJMSException, type MessageConsumer, type Topic } from "@jms-ts/client";
import { randomUUID } from "node:crypto";
import type { CaseContext, ConformanceCase } from "../harness/conformance-case";
import { describeError, expectEqual, expectTrue, RECEIVE_MS, textOf } from "./assert";
import { startConnection } from "./connections";

/** How long a subscriber waits to show that a message does NOT come. */
const ABSENT_MS = 1_000;

/** A ClientID no other case or run uses. */
function clientIdFor(ctx: CaseContext, base: string): string {
  return `jms-ts-${base}-${randomUUID().slice(0, 8)}`;
}

async function publish(
  ctx: CaseContext,
  topicName: string,
  bodies: readonly string[],
  colour?: string,
): Promise<void> {
  const connection = await ctx.connect();
  const session = await connection.createSession();
  const producer = await session.createProducer(session.createTopic(topicName));
  for (const body of bodies) {
    const message = session.createTextMessage(body);
    message.setStringProperty("colour", colour ?? (body.startsWith("red") ? "red" : "blue"));
    await producer.send(message);
  }
  await connection.close();
}

async function texts(consumer: MessageConsumer, count: number, what: string): Promise<(string | null)[]> {
  const result: (string | null)[] = [];
  for (let i = 0; i < count; i++)
    result.push(textOf(await consumer.receive(RECEIVE_MS), `${what} #${i + 1}`));
  return result;
}

/** The error `attempt` rejects with, or undefined when it resolves. */
async function failureOf(attempt: () => Promise<unknown>): Promise<unknown> {
  return attempt().then(
    () => undefined,
    (error: unknown) => error,
  );
}

/**
 * Two shared consumers of one subscription: every message goes to exactly one of them, and both get some.
 * Receives until all `count` arrived, alternating between the consumers.
 */
async function expectLoadBalanced(
  first: MessageConsumer,
  second: MessageConsumer,
  count: number,
): Promise<void> {
  const got: [string[], string[]] = [[], []];
  const deadline = Date.now() + RECEIVE_MS * 2;
  while (got[0].length + got[1].length < count && Date.now() < deadline) {
    for (const [index, consumer] of [first, second].entries()) {
      const message = await consumer.receive(100);
      if (message) got[index as 0 | 1].push(textOf(message, "shared delivery") ?? "");
    }
  }
  const all = [...got[0], ...got[1]].sort((a, b) => Number(a.slice(4)) - Number(b.slice(4)));
  const expected = Array.from({ length: count }, (_, i) => `msg-${i + 1}`);
  expectEqual(all, expected, "every message exactly once across the two shared consumers");
  expectTrue(
    got[0].length > 0 && got[1].length > 0,
    `both consumers get some: ${got[0].length} and ${got[1].length}`,
  );
  expectEqual(await first.receive(300), null, "a further message on the first consumer");
  expectEqual(await second.receive(300), null, "a further message on the second consumer");
}

/**
 * Shared consumers take one message at a time: with the default prefetch a broker may hand all ten to whichever
 * consumer's credit arrived first (Broker-J did), which is allowed but shows nothing about sharing.
 */
const ONE_AT_A_TIME = { options: ["jms.prefetchPolicy.all=1"] };

const BODIES = Array.from({ length: 10 }, (_, i) => `msg-${i + 1}`);

/** Durable and shared topic subscriptions [JMS 2.0 8.3]. */
export const subscriptionCases: ConformanceCase[] = [
  {
    id: "subscription.durable-survives-reconnect",
    title:
      "a durable subscription keeps what is published while its consumer is closed and after reconnecting with the same ClientID [JMS 2.0 8.3.2]",
    requires: ["topics", "durable-subscriptions"],
    async run(ctx) {
      const clientId = clientIdFor(ctx, "durable");
      const topicName = ctx.topicName("durable");
      const first = await startConnection(ctx, { clientId });
      const session = await first.createSession();
      const subscriber = await session.createDurableSubscriber(session.createTopic(topicName), "sub");
      await publish(ctx, topicName, ["live"]);
      expectEqual(
        textOf(await subscriber.receive(RECEIVE_MS), "while subscribed"),
        "live",
        "while subscribed",
      );
      await subscriber.close();
      await publish(ctx, topicName, ["consumer-closed"]);
      await first.close();
      await publish(ctx, topicName, ["disconnected-1", "disconnected-2"]);

      const second = await startConnection(ctx, { clientId });
      const again = await second.createSession();
      const resumed = await again.createDurableSubscriber(again.createTopic(topicName), "sub");
      expectEqual(
        await texts(resumed, 3, "kept"),
        ["consumer-closed", "disconnected-1", "disconnected-2"],
        "kept while away",
      );
      expectEqual(await resumed.receive(ABSENT_MS), null, "a message twice");
      await resumed.close();
      await again.unsubscribe("sub");
    },
  },
  {
    id: "subscription.unsubscribe",
    title:
      "unsubscribe removes a durable subscription: later messages are not kept; refused while active [JMS 2.0 8.3.2]",
    requires: ["topics", "durable-subscriptions"],
    async run(ctx) {
      const clientId = clientIdFor(ctx, "unsubscribe");
      const topicName = ctx.topicName("unsubscribe");
      const connection = await startConnection(ctx, { clientId });
      const session = await connection.createSession();
      const topic = session.createTopic(topicName);
      const subscriber = await session.createDurableSubscriber(topic, "gone");
      const refused = await failureOf(() => session.unsubscribe("gone"));
      expectTrue(
        isJMSException(refused),
        `unsubscribe with an active consumer: expected a JMSException, got ${describeError(refused)}`,
      );
      await subscriber.close();
      await session.unsubscribe("gone");
      await publish(ctx, topicName, ["not-kept"]);
      const fresh = await session.createDurableSubscriber(topic, "gone");
      expectEqual(await fresh.receive(ABSENT_MS), null, "a message published after unsubscribe");
      await publish(ctx, topicName, ["new"]);
      expectEqual(
        textOf(await fresh.receive(RECEIVE_MS), "the new subscription"),
        "new",
        "the new subscription",
      );
      await fresh.close();
      await session.unsubscribe("gone");
    },
  },
  {
    id: "subscription.durable-duplicate-active",
    title:
      "a second active consumer on an unshared durable subscription is refused with a JMSException [JMS 2.0 8.3.2]",
    requires: ["topics", "durable-subscriptions"],
    async run(ctx) {
      const connection = await startConnection(ctx, { clientId: clientIdFor(ctx, "duplicate") });
      const session = await connection.createSession();
      const topic = session.createTopic(ctx.topicName("duplicate"));
      const first = await session.createDurableConsumer(topic, "only-one");
      const other = await connection.createSession();
      const error = await failureOf(() => other.createDurableConsumer(topic, "only-one"));
      expectTrue(
        isJMSException(error),
        `second consumer: expected a JMSException, got ${describeError(error)}`,
      );
      expectTrue(
        (error as Error).message.includes("only-one"),
        `the error names the subscription: ${(error as Error).message}`,
      );
      // The first consumer is unharmed by the refusal.
      await publish(ctx, topic.getTopicName(), ["still-here"]);
      expectEqual(
        textOf(await first.receive(RECEIVE_MS), "the first consumer"),
        "still-here",
        "first consumer",
      );
      await first.close();
      await session.unsubscribe("only-one");
    },
  },
  {
    id: "subscription.durable-needs-client-id",
    title:
      "createDurableSubscriber without a ClientID set fails with a JMSException saying so [JMS 2.0 6.1.2]",
    requires: ["topics", "durable-subscriptions"],
    async run(ctx) {
      const connection = await ctx.connect();
      const session = await connection.createSession();
      const topic = session.createTopic(ctx.topicName("no-client-id"));
      const error = await failureOf(() => session.createDurableSubscriber(topic, "sub"));
      expectTrue(isJMSException(error), `expected a JMSException, got ${describeError(error)}`);
      expectTrue(
        /client ?-?id/i.test((error as Error).message),
        `the error says a ClientID is needed: ${(error as Error).message}`,
      );
    },
  },
  {
    id: "subscription.shared-with-client-id",
    title:
      "two shared consumers of one subscription on a connection with a ClientID split the messages [JMS 2.0 8.3.3]",
    requires: ["topics", "shared-subscriptions"],
    async run(ctx) {
      const connection = await startConnection(ctx, {
        ...ONE_AT_A_TIME,
        clientId: clientIdFor(ctx, "shared"),
      });
      const topicName = ctx.topicName("shared");
      const one = await connection.createSession();
      const two = await connection.createSession();
      const first = await one.createSharedConsumer(one.createTopic(topicName), "workers");
      const second = await two.createSharedConsumer(two.createTopic(topicName), "workers");
      await publish(ctx, topicName, BODIES);
      await expectLoadBalanced(first, second, BODIES.length);
    },
  },
  {
    id: "subscription.shared-global",
    title:
      "shared consumers on two connections without ClientID share one global subscription [JMS 2.0 8.3.3]",
    requires: ["topics", "shared-subscriptions"],
    async run(ctx) {
      const topicName = ctx.topicName("global");
      const name = `workers-${randomUUID().slice(0, 8)}`;
      const consumers: MessageConsumer[] = [];
      for (let i = 0; i < 2; i++) {
        const session = await (await startConnection(ctx, ONE_AT_A_TIME)).createSession();
        consumers.push(await session.createSharedConsumer(session.createTopic(topicName), name));
      }
      await publish(ctx, topicName, BODIES);
      const [first, second] = consumers as [MessageConsumer, MessageConsumer];
      await expectLoadBalanced(first, second, BODIES.length);
    },
  },
  {
    id: "subscription.shared-durable-survives",
    title: "a shared durable subscription keeps messages while it has no consumer [JMS 2.0 8.3.4]",
    requires: ["topics", "durable-subscriptions", "shared-subscriptions"],
    async run(ctx) {
      const topicName = ctx.topicName("shared-durable");
      const name = `kept-${randomUUID().slice(0, 8)}`;
      const open = async (): Promise<[Connection, MessageConsumer]> => {
        const connection = await ctx.connect();
        const session = await connection.createSession();
        const topic: Topic = session.createTopic(topicName);
        return [connection, await session.createSharedDurableConsumer(topic, name)];
      };
      const [firstConnection, consumer] = await open();
      await consumer.close();
      await firstConnection.close();
      await publish(ctx, topicName, ["while-away-1", "while-away-2"]);
      const [, reopened] = await open();
      expectEqual(await texts(reopened, 2, "kept"), ["while-away-1", "while-away-2"], "kept while away");
      expectEqual(await reopened.receive(ABSENT_MS), null, "a message twice");
    },
  },
  {
    id: "subscription.durable-selector",
    title: "a durable subscription with a selector keeps only the matching messages [JMS 2.0 8.3.2, 3.8]",
    requires: ["topics", "durable-subscriptions", "selectors"],
    async run(ctx) {
      const clientId = clientIdFor(ctx, "durable-selector");
      const topicName = ctx.topicName("durable-selector");
      const selector = "colour = 'red'";
      const first = await startConnection(ctx, { clientId });
      const session = await first.createSession();
      const subscriber = await session.createDurableSubscriber(
        session.createTopic(topicName),
        "reds",
        selector,
      );
      expectEqual(subscriber.getMessageSelector(), selector, "getMessageSelector()");
      await subscriber.close();
      await first.close();
      await publish(ctx, topicName, ["red-1", "blue-1", "red-2", "blue-2"]);
      const second = await startConnection(ctx, { clientId });
      const again = await second.createSession();
      const resumed = await again.createDurableSubscriber(again.createTopic(topicName), "reds", selector);
      expectEqual(await texts(resumed, 2, "kept"), ["red-1", "red-2"], "kept and matching");
      expectEqual(await resumed.receive(ABSENT_MS), null, "a blue message");
      await resumed.close();
      await again.unsubscribe("reds");
    },
  },
];
