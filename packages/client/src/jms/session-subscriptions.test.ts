import { afterEach, describe, expect, it } from "vitest";
import { connectMock, MOCK_URI, MockProvider } from "../../test/support/mock-provider";
import {
  IllegalStateException,
  InvalidDestinationException,
  InvalidSelectorException,
} from "../errors/exceptions";
import type { Connection } from "./connection";
import { JmsConnectionFactory } from "./connection-factory";

// The subscription methods of Session and JMSContext over a mock provider: what they ask of the
// provider, and the JMS rules they check first [JMS 2.0 8.3].

const open: Connection[] = [];
afterEach(async () => {
  await Promise.allSettled(open.splice(0).map((c) => c.close()));
});

async function connect(query = ""): Promise<{ provider: MockProvider; connection: Connection }> {
  const connected = await connectMock(query ? `${MOCK_URI}?${query}` : MOCK_URI);
  open.push(connected.connection);
  return connected;
}

describe("[JMS 2.0 8.3] Session subscription methods", () => {
  it("pass the subscription, selector, noLocal and the durable prefetch to the provider", async () => {
    const { provider, connection } = await connect(
      "jms.clientID=me&jms.prefetchPolicy.durableTopicPrefetch=11&jms.prefetchPolicy.topicPrefetch=22",
    );
    const session = await connection.createSession();
    const topic = session.createTopic("news");
    const durable = await session.createDurableSubscriber(topic, "d", "a = 1", true);
    await session.createSharedConsumer(topic, "s");
    await session.createSharedDurableConsumer(topic, "sd", " ");
    expect(durable.getMessageSelector()).toBe("a = 1");
    expect(provider.consumersCreated.map((c) => [c.subscription, c.selector, c.noLocal, c.prefetch])).toEqual(
      [
        [{ name: "d", durable: true, shared: false, global: false, ordinal: 1 }, "a = 1", true, 11],
        [{ name: "s", durable: false, shared: true, global: false, ordinal: 1 }, undefined, undefined, 22],
        [{ name: "sd", durable: true, shared: true, global: false, ordinal: 1 }, undefined, undefined, 11],
      ],
    );
  });

  it("[qpid-jms 2.7] without a ClientID, shared subscriptions are global and unsubscribe looks for the global one", async () => {
    const { provider, connection } = await connect();
    const session = await connection.createSession();
    await session.createSharedDurableConsumer(session.createTopic("news"), "sd");
    await session.createSharedDurableConsumer(session.createTopic("news"), "sd");
    expect(provider.consumersCreated.map((c) => [c.subscription?.global, c.subscription?.ordinal])).toEqual([
      [true, 1],
      [true, 2],
    ]);
    await session.unsubscribe("other");
    expect(provider.unsubscribes).toEqual([{ name: "other", global: true }]);
  });

  it("[JMS 2.0 6.1.2] an unshared durable subscription needs a ClientID; setClientID provides one", async () => {
    const { provider, connection } = await connect();
    await connection.setClientID("chosen");
    const session = await connection.createSession();
    await session.createDurableConsumer(session.createTopic("news"), "d");
    await session.unsubscribe("gone");
    expect(provider.unsubscribes).toEqual([{ name: "gone", global: false }]);

    const anonymous = (await connect()).connection;
    const other = await anonymous.createSession();
    await expect(other.createDurableConsumer(other.createTopic("news"), "d")).rejects.toThrow(/ClientID/);
  });

  it("a refused attach and a closed consumer free the name for the next consumer", async () => {
    const { provider, connection } = await connect("jms.clientID=me");
    const session = await connection.createSession();
    const topic = session.createTopic("news");
    provider.failNext("createConsumer", "illegal-state");
    await expect(session.createDurableConsumer(topic, "d")).rejects.toBeInstanceOf(IllegalStateException);
    const consumer = await session.createDurableConsumer(topic, "d");
    await expect(session.unsubscribe("d")).rejects.toThrow(/still uses it/);
    await consumer.close();
    await session.unsubscribe("d");
    // The session closing closes its consumers: their names are free too.
    const again = await session.createDurableConsumer(topic, "d");
    await session.close();
    expect(again.id).not.toBe(consumer.id);
    const next = await connection.createSession();
    await next.createDurableConsumer(topic, "d");
    expect(provider.unsubscribes).toEqual([{ name: "d", global: false }]);
  });

  it("check the destination and the selector before asking the provider", async () => {
    const { provider, connection } = await connect("jms.clientID=me");
    const session = await connection.createSession();
    const queue = session.createQueue("q") as unknown as ReturnType<typeof session.createTopic>;
    await expect(session.createSharedConsumer(queue, "s")).rejects.toBeInstanceOf(
      InvalidDestinationException,
    );
    await expect(session.createDurableConsumer(session.createTopic("t"), "d", "a =")).rejects.toBeInstanceOf(
      InvalidSelectorException,
    );
    expect(provider.consumersCreated).toEqual([]);
  });
});

describe("[JMS 2.0 8.3] JMSContext subscription methods", () => {
  it("create JMSConsumers on subscriptions, start the connection, and unsubscribe", async () => {
    const provider = new MockProvider();
    const factory = new JmsConnectionFactory(`${MOCK_URI}?jms.clientID=me`, () => provider);
    const context = await factory.createContext();
    try {
      const topic = context.createTopic("news");
      const durable = await context.createDurableConsumer(topic, "d", "x = 1", true);
      await context.createSharedConsumer(topic, "s", "y = 2");
      await context.createSharedDurableConsumer(topic, "sd");
      expect(durable.getMessageSelector()).toBe("x = 1");
      expect(provider.consumersCreated.map((c) => c.subscription?.name)).toEqual(["d", "s", "sd"]);
      expect(provider.consumersStarted).toHaveLength(3);
      await durable.close();
      await context.unsubscribe("d");
      expect(provider.unsubscribes).toEqual([{ name: "d", global: false }]);
    } finally {
      await context.close();
    }
  });
});
