import { describe, expect, it } from "vitest";
import {
  type Connection,
  ConnectionFactory,
  IllegalStateException,
  InvalidDestinationException,
  type Message,
  type MessageConsumer,
  TextMessage,
} from "@jms-ts/client";
import { bundledBrokerPerTest } from "./support/bundled-broker-per-test";

// Selectors and durable and shared subscriptions end to end: the client against the bundled broker in
// process on port 0 (CONVENTIONS rule 19).

const fixture = bundledBrokerPerTest();

async function connect(clientId?: string): Promise<Connection> {
  const query = clientId === undefined ? "" : `?jms.clientID=${clientId}`;
  const connection = await new ConnectionFactory(`${fixture.broker.url}${query}`).createConnection();
  fixture.connections.push(connection);
  await connection.start();
  return connection;
}

async function publish(topic: string, bodies: string[], colour?: string): Promise<void> {
  const connection = await connect();
  const session = await connection.createSession();
  const producer = await session.createProducer(session.createTopic(topic));
  for (const body of bodies) {
    const message = session.createTextMessage(body);
    message.setStringProperty("colour", colour ?? (body.startsWith("red") ? "red" : "blue"));
    await producer.send(message);
  }
  await connection.close();
}

function textOf(message: Message | null): string | null {
  if (message === null) return null;
  if (!(message instanceof TextMessage)) throw new Error("expected a TextMessage");
  return message.getText();
}

async function texts(consumer: MessageConsumer, count: number): Promise<(string | null)[]> {
  const received: (string | null)[] = [];
  for (let i = 0; i < count; i++) received.push(textOf(await consumer.receive(5000)));
  return received;
}

describe("selectors and subscriptions on the bundled broker", () => {
  it("[JMS 2.0 3.8] a queue consumer's selector picks the matching messages; the rest stay", async () => {
    const connection = await connect();
    const session = await connection.createSession();
    const queue = session.createQueue("selected");
    const producer = await session.createProducer(queue);
    for (const [text, price] of [
      ["cheap", 5],
      ["dear", 50],
      ["dearer", 500],
    ] as const) {
      const message = session.createTextMessage(text);
      message.setIntProperty("price", price);
      await producer.send(message);
    }
    const dear = await session.createConsumer(queue, "price > 10");
    expect(await texts(dear, 2)).toEqual(["dear", "dearer"]);
    expect(await dear.receive(200)).toBeNull();
    await dear.close();
    const rest = await session.createConsumer(queue);
    expect(await texts(rest, 1)).toEqual(["cheap"]);
  });

  it("[JMS 2.0 8.3.2] a durable subscription keeps what is published while away, for the same ClientID", async () => {
    const first = await connect("durable-client");
    const session = await first.createSession();
    const subscriber = await session.createDurableSubscriber(
      session.createTopic("news"),
      "sub",
      "colour = 'red'",
    );
    await publish("news", ["red-live", "blue-live"]);
    expect(await texts(subscriber, 1)).toEqual(["red-live"]);
    await subscriber.close();
    await first.close();
    await publish("news", ["red-away-1", "blue-away", "red-away-2"]);

    const second = await connect("durable-client");
    const again = await second.createSession();
    const resumed = await again.createDurableSubscriber(again.createTopic("news"), "sub", "colour = 'red'");
    expect(await texts(resumed, 2)).toEqual(["red-away-1", "red-away-2"]);
    expect(await resumed.receive(300)).toBeNull();
    await resumed.close();
    await again.unsubscribe("sub");
    // Gone: a later lookup finds nothing.
    await expect(again.unsubscribe("sub")).rejects.toBeInstanceOf(InvalidDestinationException);
  });

  it("[AMQP 2.8.15] the broker refuses a second consumer of an unshared durable subscription: IllegalStateException naming it", async () => {
    const owner = await connect("twice");
    const session = await owner.createSession();
    const first = await session.createDurableConsumer(session.createTopic("news"), "only-one");
    // Another connection with the same ClientID: only the broker can tell.
    const other = await (await connect("twice")).createSession();
    const refused = other.createDurableConsumer(other.createTopic("news"), "only-one");
    await expect(refused).rejects.toBeInstanceOf(IllegalStateException);
    await expect(refused).rejects.toThrow(/"only-one"/);
    // The first consumer is unharmed; while it consumes, the broker refuses to unsubscribe from elsewhere.
    await publish("news", ["still-here"]);
    expect(await texts(first, 1)).toEqual(["still-here"]);
    await expect(other.unsubscribe("only-one")).rejects.toBeInstanceOf(IllegalStateException);
  });

  it("[JMS 2.0 8.3.2] unsubscribe deletes the subscription and what it kept", async () => {
    const connection = await connect("unsubscriber");
    const session = await connection.createSession();
    const topic = session.createTopic("news");
    await (await session.createDurableConsumer(topic, "gone")).close();
    await publish("news", ["kept-then-dropped"]);
    await session.unsubscribe("gone");
    const fresh = await session.createDurableConsumer(topic, "gone");
    expect(await fresh.receive(300)).toBeNull();
    await publish("news", ["new"]);
    expect(await texts(fresh, 1)).toEqual(["new"]);
  });

  it("[JMS 2.0 8.3.3] shared consumers on two connections without ClientID load-balance one global subscription", async () => {
    const consumers: MessageConsumer[] = [];
    for (let i = 0; i < 2; i++) {
      const session = await (await connect()).createSession();
      consumers.push(await session.createSharedConsumer(session.createTopic("work"), "workers"));
    }
    const bodies = Array.from({ length: 10 }, (_, i) => `job-${i}`);
    await publish("work", bodies);
    const got: [string[], string[]] = [[], []];
    while (got[0].length + got[1].length < bodies.length) {
      let progressed = false;
      for (const [index, consumer] of consumers.entries()) {
        const text = textOf(await consumer.receive(100));
        if (text !== null) {
          got[index as 0 | 1].push(text);
          progressed = true;
        }
      }
      if (!progressed) break;
    }
    expect([...got[0], ...got[1]].sort()).toEqual([...bodies].sort());
    expect(got[0].length).toBeGreaterThan(0);
    expect(got[1].length).toBeGreaterThan(0);
  });

  it("[JMS 2.0 8.3.4] a shared durable subscription keeps messages while it has no consumer", async () => {
    const first = await connect();
    const session = await first.createSession();
    await (await session.createSharedDurableConsumer(session.createTopic("kept"), "keeper")).close();
    await first.close();
    await publish("kept", ["a", "b"]);
    const again = await (await connect()).createSession();
    const reopened = await again.createSharedDurableConsumer(again.createTopic("kept"), "keeper");
    expect(await texts(reopened, 2)).toEqual(["a", "b"]);
    await reopened.close();
    await again.unsubscribe("keeper");
  });
});
