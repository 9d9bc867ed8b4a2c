import { describe, expect, it } from "vitest";
import {
  type Connection,
  ConnectionFactory,
  IllegalStateException,
  type Message,
  type MessageConsumer,
  Session,
  TextMessage,
} from "@jms-ts/client";
import { bundledBrokerPerTest } from "./support/bundled-broker-per-test";

// JMS local transactions end to end: the client's transacted sessions against the bundled broker's
// coordinator, in process on port 0 (CONVENTIONS rule 19).

/** How long a receive waits to show that a message does NOT come. */
const ABSENT_MS = 300;
const RECEIVE_MS = 5_000;

const fixture = bundledBrokerPerTest();

async function connect(): Promise<Connection> {
  const connection = await new ConnectionFactory(fixture.broker.url).createConnection();
  fixture.connections.push(connection);
  await connection.start();
  return connection;
}

function textOf(message: Message | null): string | null {
  if (message === null) return null;
  if (!(message instanceof TextMessage)) throw new Error("expected a TextMessage");
  return message.getText();
}

async function texts(consumer: MessageConsumer, count: number): Promise<(string | null)[]> {
  const received: (string | null)[] = [];
  for (let i = 0; i < count; i++) received.push(textOf(await consumer.receive(RECEIVE_MS)));
  return received;
}

describe("[JMS 2.0 6.2.7] transacted sessions on the bundled broker", () => {
  it("committed sends become visible at commit, in order", async () => {
    const connection = await connect();
    const session = await connection.createSession(true, Session.SESSION_TRANSACTED);
    expect(session.getTransacted()).toBe(true);
    expect(session.getAcknowledgeMode()).toBe(Session.SESSION_TRANSACTED);
    const queue = session.createQueue("tx-commit");
    const producer = await session.createProducer(queue);
    for (const body of ["one", "two", "three"]) await producer.send(session.createTextMessage(body));
    const consumer = await (await connection.createSession()).createConsumer(queue);
    expect(await consumer.receive(ABSENT_MS)).toBeNull();
    await session.commit();
    expect(await texts(consumer, 3)).toEqual(["one", "two", "three"]);
  });

  it("rolled-back sends are gone; the next transaction still commits", async () => {
    const connection = await connect();
    const session = await connection.createSession(Session.SESSION_TRANSACTED);
    const queue = session.createQueue("tx-rollback");
    const producer = await session.createProducer(queue);
    await producer.send(session.createTextMessage("discarded"));
    await session.rollback();
    await producer.send(session.createTextMessage("kept"));
    await session.commit();
    const consumer = await (await connection.createSession()).createConsumer(queue);
    expect(textOf(await consumer.receive(RECEIVE_MS))).toBe("kept");
    expect(await consumer.receive(ABSENT_MS)).toBeNull();
  });

  it("messages received in a rolled-back transaction come again with JMSRedelivered", async () => {
    const connection = await connect();
    const plain = await connection.createSession();
    const queue = plain.createQueue("tx-redeliver");
    const sender = await plain.createProducer(queue);
    for (const body of ["a", "b", "c"]) await sender.send(plain.createTextMessage(body));
    const session = await connection.createSession(Session.SESSION_TRANSACTED);
    const consumer = await session.createConsumer(queue);
    const first = [await consumer.receive(RECEIVE_MS), await consumer.receive(RECEIVE_MS)];
    expect(first.map(textOf)).toEqual(["a", "b"]);
    expect(first.map((m) => m?.getJMSRedelivered())).toEqual([false, false]);
    // "c" was prefetched, never handed out: rollback releases it, so order is kept.
    await session.rollback();
    const again = [
      await consumer.receive(RECEIVE_MS),
      await consumer.receive(RECEIVE_MS),
      await consumer.receive(RECEIVE_MS),
    ];
    expect(again.map(textOf)).toEqual(["a", "b", "c"]);
    expect(again.map((m) => m?.getJMSRedelivered())).toEqual([true, true, false]);
    await session.commit();
    await session.close();
    const after = await plain.createConsumer(queue);
    expect(await after.receive(ABSENT_MS)).toBeNull();
  });

  it("sends to two queues and a receive commit atomically, or not at all", async () => {
    const connection = await connect();
    const plain = await connection.createSession();
    const input = plain.createQueue("tx-in");
    const outA = plain.createQueue("tx-out-a");
    const outB = plain.createQueue("tx-out-b");
    await (await plain.createProducer(input)).send(plain.createTextMessage("request"));
    const session = await connection.createSession(Session.SESSION_TRANSACTED);
    const consumer = await session.createConsumer(input);
    const producer = await session.createProducer(null);
    const watchA = await plain.createConsumer(outA);
    const watchB = await plain.createConsumer(outB);

    expect(textOf(await consumer.receive(RECEIVE_MS))).toBe("request");
    await producer.send(outA, session.createTextMessage("a-rolled-back"));
    await producer.send(outB, session.createTextMessage("b-rolled-back"));
    await session.rollback();
    expect(await watchA.receive(ABSENT_MS)).toBeNull();
    expect(await watchB.receive(ABSENT_MS)).toBeNull();

    const again = await consumer.receive(RECEIVE_MS);
    expect(again?.getJMSRedelivered()).toBe(true);
    await producer.send(outA, session.createTextMessage("a"));
    await producer.send(outB, session.createTextMessage("b"));
    await session.commit();
    expect(textOf(await watchA.receive(RECEIVE_MS))).toBe("a");
    expect(textOf(await watchB.receive(RECEIVE_MS))).toBe("b");
    await session.close();
    expect(await (await plain.createConsumer(input)).receive(ABSENT_MS)).toBeNull();
  });

  it("closing a session with an open transaction rolls it back", async () => {
    const connection = await connect();
    const plain = await connection.createSession();
    const queue = plain.createQueue("tx-close");
    await (await plain.createProducer(queue)).send(plain.createTextMessage("received"));
    const session = await connection.createSession(Session.SESSION_TRANSACTED);
    expect(textOf(await (await session.createConsumer(queue)).receive(RECEIVE_MS))).toBe("received");
    await (await session.createProducer(queue)).send(session.createTextMessage("never"));
    await session.close();
    const after = await plain.createConsumer(queue);
    const back = await after.receive(RECEIVE_MS);
    expect(textOf(back)).toBe("received");
    expect(back?.getJMSRedelivered()).toBe(true);
    expect(await after.receive(ABSENT_MS)).toBeNull();
  });

  it("a message listener's receive and send commit from inside the listener", async () => {
    const connection = await connect();
    const plain = await connection.createSession();
    const input = plain.createQueue("tx-listener-in");
    const output = plain.createQueue("tx-listener-out");
    const session = await connection.createSession(Session.SESSION_TRANSACTED);
    const producer = await session.createProducer(output);
    const consumer = await session.createConsumer(input);
    const committed = new Promise<void>((resolve, reject) => {
      consumer.setMessageListener(async (message) => {
        try {
          await producer.send(session.createTextMessage(`re: ${textOf(message)}`));
          await session.commit();
          resolve();
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
    await (await plain.createProducer(input)).send(plain.createTextMessage("ping"));
    await committed;
    expect(textOf(await (await plain.createConsumer(output)).receive(RECEIVE_MS))).toBe("re: ping");
    await consumer.close();
    expect(await (await plain.createConsumer(input)).receive(ABSENT_MS)).toBeNull();
  });

  it("commit, rollback and recover tell what is wrong", async () => {
    const connection = await connect();
    const plain = await connection.createSession(Session.AUTO_ACKNOWLEDGE);
    await expect(plain.commit()).rejects.toThrow(IllegalStateException);
    await expect(plain.rollback()).rejects.toThrow(
      /not transacted; create it with Session.SESSION_TRANSACTED/,
    );
    const transacted = await connection.createSession(Session.SESSION_TRANSACTED);
    await expect(transacted.recover()).rejects.toThrow(IllegalStateException);
    await transacted.close();
    await expect(transacted.commit()).rejects.toThrow(/closed/);
  });

  it("a JMSContext in SESSION_TRANSACTED mode commits and rolls back", async () => {
    const factory = new ConnectionFactory(fixture.broker.url);
    const context = await factory.createContext(Session.SESSION_TRANSACTED);
    const observer = await context.createContext(Session.AUTO_ACKNOWLEDGE);
    try {
      expect(context.getTransacted()).toBe(true);
      const queue = context.createQueue("tx-context");
      const watching = await observer.createConsumer(queue);
      await context.createProducer().send(queue, "rolled back");
      await context.rollback();
      await context.createProducer().send(queue, "committed");
      expect(await watching.receive(ABSENT_MS)).toBeNull();
      await context.commit();
      expect(await watching.receiveBody(String, RECEIVE_MS)).toBe("committed");
    } finally {
      await observer.close();
      await context.close();
    }
  });
});
