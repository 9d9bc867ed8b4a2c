import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connectMock, type MockProvider } from "../../test/support/mock-provider";
import { IllegalStateException, InvalidDestinationException } from "../errors/exceptions";
import { JMSException } from "../errors/jms-exception";
import type { Connection } from "./connection";
import { Queue, TemporaryQueue, TemporaryTopic, Topic } from "./destinations";

let provider: MockProvider;
let connection: Connection;

beforeEach(async () => {
  ({ provider, connection } = await connectMock());
});

afterEach(async () => {
  await connection.close();
});

describe("[JMS 2.0 4.4] destination objects", () => {
  it("queues and topics name themselves as JMS does; temporaries are their subclasses", () => {
    const queue = new Queue("orders");
    const topic = new Topic("news");
    expect([queue.getQueueName(), queue.toString(), queue.kind, queue.temporary]).toEqual([
      "orders",
      "queue://orders",
      "queue",
      false,
    ]);
    expect([topic.getTopicName(), topic.toString(), topic.kind, topic.temporary]).toEqual([
      "news",
      "topic://news",
      "topic",
      false,
    ]);
    const tq = new TemporaryQueue("tq");
    const tt = new TemporaryTopic("tt");
    expect(tq).toBeInstanceOf(Queue);
    expect(tt).toBeInstanceOf(Topic);
    expect([tq.toString(), tq.temporary, tt.toString(), tt.temporary]).toEqual([
      "temp-queue://tq",
      true,
      "temp-topic://tt",
      true,
    ]);
  });

  it("a temporary destination read from a message cannot be deleted: it has no creator here", async () => {
    await expect(new TemporaryQueue("elsewhere").delete()).rejects.toBeInstanceOf(
      InvalidDestinationException,
    );
  });
});

describe("[JMS 2.0 Session.createConsumer] topics, noLocal and selectors", () => {
  it("a topic consumer passes noLocal to the provider only when asked", async () => {
    const session = await connection.createSession();
    const topic = session.createTopic("news");
    await session.createConsumer(topic);
    await session.createConsumer(topic, null, true);
    expect(provider.consumersCreated.map((c) => c.noLocal)).toEqual([undefined, true]);
    expect(provider.consumersCreated.every((c) => c.destination === topic)).toBe(true);
  });

  it("a selector is refused until selectors are supported; null, undefined and empty mean none", async () => {
    const session = await connection.createSession();
    const queue = session.createQueue("q");
    await expect(session.createConsumer(queue, "JMSPriority > 4")).rejects.toThrow(
      /message selectors are not supported yet/,
    );
    await expect(session.createConsumer(queue, "JMSPriority > 4")).rejects.toBeInstanceOf(JMSException);
    await session.createConsumer(queue, null);
    await session.createConsumer(queue, undefined);
    await session.createConsumer(queue, "");
    expect(provider.consumersCreated).toHaveLength(3);
  });
});

describe("[JMS 2.0 6.2.2] temporary destinations", () => {
  it("createTemporaryQueue/Topic ask the provider for a dynamic node and take the address it returns", async () => {
    const session = await connection.createSession();
    const queue = await session.createTemporaryQueue();
    const topic = await session.createTemporaryTopic();
    expect(queue).toBeInstanceOf(TemporaryQueue);
    expect(topic).toBeInstanceOf(TemporaryTopic);
    const [q, t] = provider.temporariesCreated;
    expect(q?.kind).toBe("queue");
    expect(t?.kind).toBe("topic");
    expect(q?.id).toMatch(new RegExp(`^${connection.id}:\\d+$`));
    expect(queue.getQueueName()).toBe(`mock-temp-queue-${q?.id}`);
    expect(topic.getTopicName()).toBe(`mock-temp-topic-${t?.id}`);
  });

  it("delete() is refused while a consumer reads from it, works after the consumer closed, and only once counts", async () => {
    const session = await connection.createSession();
    const queue = await session.createTemporaryQueue();
    const consumer = await session.createConsumer(queue);
    await expect(queue.delete()).rejects.toBeInstanceOf(IllegalStateException);
    expect(provider.temporariesDeleted).toEqual([]);
    await consumer.close();
    await queue.delete();
    await queue.delete();
    expect(provider.temporariesDeleted).toEqual([provider.temporariesCreated[0]?.id]);
  });

  it("a deleted temporary destination can no longer be used", async () => {
    const session = await connection.createSession();
    const topic = await session.createTemporaryTopic();
    await topic.delete();
    await expect(session.createProducer(topic)).rejects.toBeInstanceOf(IllegalStateException);
    await expect(session.createConsumer(topic)).rejects.toBeInstanceOf(IllegalStateException);
  });

  it("only the creating connection may consume from it; any connection may send to it", async () => {
    const other = await connectMock();
    try {
      const mine = await (await connection.createSession()).createTemporaryQueue();
      const theirs = await other.connection.createSession();
      await expect(theirs.createConsumer(mine)).rejects.toBeInstanceOf(InvalidDestinationException);
      await expect(theirs.createConsumer(new TemporaryQueue(mine.getQueueName()))).rejects.toThrow(
        /only the connection that created a temporary destination may consume from it/,
      );
      await expect(theirs.createProducer(mine)).resolves.toBeDefined();
      // The creator may consume through a copy read from a message (same address).
      const session = await connection.createSession();
      await expect(session.createConsumer(new TemporaryQueue(mine.getQueueName()))).resolves.toBeDefined();
    } finally {
      await other.connection.close();
    }
  });

  it("closing the connection deletes the temporary destinations it still has", async () => {
    const session = await connection.createSession();
    const kept = await session.createTemporaryQueue();
    const gone = await session.createTemporaryTopic();
    await gone.delete();
    await connection.close();
    expect(provider.temporariesDeleted).toHaveLength(2);
    expect(provider.calls.indexOf("deleteTemporaryDestination")).toBeLessThan(
      provider.calls.indexOf("close"),
    );
    void kept;
  });

  it("a closed session cannot create temporary destinations", async () => {
    const session = await connection.createSession();
    await session.close();
    await expect(session.createTemporaryQueue()).rejects.toBeInstanceOf(IllegalStateException);
  });
});
