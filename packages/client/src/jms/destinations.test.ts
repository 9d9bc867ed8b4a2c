import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connectMock, MOCK_URI, type MockProvider } from "../../test/support/mock-provider";
import {
  IllegalStateException,
  InvalidDestinationException,
  InvalidSelectorException,
} from "../errors/exceptions";
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

  it("[JMS 2.0 3.8.1] a selector goes to the provider as given; null, undefined, empty and blank mean none", async () => {
    const session = await connection.createSession();
    const queue = session.createQueue("q");
    const selecting = await session.createConsumer(queue, "JMSPriority > 4");
    expect(selecting.getMessageSelector()).toBe("JMSPriority > 4");
    for (const none of [null, undefined, "", "  \t"]) {
      expect((await session.createConsumer(queue, none)).getMessageSelector()).toBeNull();
    }
    expect(provider.consumersCreated.map((c) => c.selector)).toEqual([
      "JMSPriority > 4",
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("[JMS 2.0 3.8.1] an invalid selector is an InvalidSelectorException naming the column, before the provider is asked", async () => {
    const session = await connection.createSession();
    const creating = session.createConsumer(session.createQueue("q"), "price == 10");
    await expect(creating).rejects.toBeInstanceOf(InvalidSelectorException);
    await expect(creating).rejects.toThrow(/column 8: expected .* but found/);
    await expect(
      session.createConsumer(session.createTopic("t"), 42 as unknown as string),
    ).rejects.toBeInstanceOf(InvalidSelectorException);
    expect(provider.consumersCreated).toEqual([]);
  });

  it("jms.validateSelector=false sends a selector without parsing it", async () => {
    const unvalidated = await connectMock(`${MOCK_URI}?jms.validateSelector=false`);
    const session = await unvalidated.connection.createSession();
    await session.createConsumer(session.createQueue("q"), "price == 10");
    expect(unvalidated.provider.consumersCreated.map((c) => c.selector)).toEqual(["price == 10"]);
    await unvalidated.connection.close();
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
