import {
  BytesMessage,
  type Connection,
  DeliveryMode,
  type DeliveryModeValue,
  MapMessage,
  type Message,
  type MessageConsumer,
  Session,
  TextMessage,
} from "@jms-ts/client";
import { randomUUID } from "node:crypto";
import type { CaseContext, ConformanceCase } from "../harness/conformance-case";
import { expectEqual, expectTrue, present, RECEIVE_MS, textOf } from "./assert";
import { startConnection } from "./connections";

/** How long a consumer waits to show that a message does NOT come back. */
const ABSENT_MS = 1_000;
/** A restart of a Java broker takes seconds; the harness bounds the restart itself by the start timeout. */
const PERSISTENCE_TIMEOUT_MS = 240_000;

/**
 * Restarts the target (a clean shutdown, then the same data again). Connections open across it are dropped
 * by the broker; the case opens new ones afterwards, which read the target's url again.
 */
async function restart(ctx: CaseContext): Promise<void> {
  const { running } = ctx;
  if (!running.restart) throw new Error(`${ctx.target.id} claims restart but cannot restart its broker`);
  await running.restart(ctx.log);
}

/** Sends text messages, each with its delivery mode, and closes the connection. */
async function sendTexts(
  ctx: CaseContext,
  queueName: string,
  messages: readonly { body: string; mode: DeliveryModeValue }[],
): Promise<void> {
  const connection = await ctx.connect();
  const session = await connection.createSession();
  const producer = await session.createProducer(session.createQueue(queueName));
  for (const { body, mode } of messages) {
    producer.setDeliveryMode(mode);
    await producer.send(session.createTextMessage(body));
  }
  await connection.close();
}

const persistent = (body: string) => ({ body, mode: DeliveryMode.PERSISTENT });
const nonPersistent = (body: string) => ({ body, mode: DeliveryMode.NON_PERSISTENT });

/** A consumer on `queueName` on a new connection (AUTO_ACKNOWLEDGE). */
async function consumerOn(ctx: CaseContext, queueName: string): Promise<MessageConsumer> {
  const connection = await ctx.connect();
  const session = await connection.createSession();
  return session.createConsumer(session.createQueue(queueName));
}

async function texts(consumer: MessageConsumer, count: number, what: string): Promise<(string | null)[]> {
  const result: (string | null)[] = [];
  for (let i = 0; i < count; i++)
    result.push(textOf(await consumer.receive(RECEIVE_MS), `${what} #${i + 1}`));
  return result;
}

/** Receives `bodies` in order, then shows nothing else comes. */
async function expectExactly(
  consumer: MessageConsumer,
  bodies: readonly string[],
  what: string,
): Promise<void> {
  expectEqual<readonly (string | null)[]>(await texts(consumer, bodies.length, what), bodies, what);
  const extra = await consumer.receive(ABSENT_MS);
  if (extra) throw new Error(`${what}: a further message arrived: ${describeMessage(extra)}`);
}

function describeMessage(message: Message): string {
  return message instanceof TextMessage ? JSON.stringify(message.getText()) : message.constructor.name;
}

/**
 * Messages received and not acknowledged, then the broker restarts (with the consumer's connection open, or
 * closed first): they come back in order, and when `marked`, with JMSRedelivered and JMSXDeliveryCount >= 2.
 */
async function expectBackAfterRestart(ctx: CaseContext, closeFirst: boolean, marked: boolean): Promise<void> {
  const queueName = ctx.queueName(`unacked-${closeFirst ? "closed" : "open"}`);
  await sendTexts(ctx, queueName, [persistent("one"), persistent("two")]);
  const connection = await ctx.connect();
  const session = await connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
  const consumer = await session.createConsumer(session.createQueue(queueName));
  const first = await texts(consumer, 2, "before the restart");
  expectEqual(first, ["one", "two"], "before the restart");
  if (closeFirst) await connection.close();
  await restart(ctx);
  const again = await consumerOn(ctx, queueName);
  for (const body of ["one", "two"]) {
    const message = present(await again.receive(RECEIVE_MS), `${body} after the restart`);
    expectEqual(textOf(message, `${body} after the restart`), body, "the unacknowledged message, in order");
    if (!marked) continue;
    const redelivered = message.getJMSRedelivered();
    const count = message.getIntProperty("JMSXDeliveryCount");
    expectTrue(
      redelivered && count >= 2,
      `${body} after the restart: JMSRedelivered ${redelivered} and JMSXDeliveryCount ${count}, expected true and >= 2`,
    );
  }
  expectEqual(await again.receive(ABSENT_MS), null, "a further message after the restart");
}

/** What a message of each body type carries; checked field by field after the restart. */
async function sendMixed(ctx: CaseContext, connection: Connection, queueName: string): Promise<string[]> {
  const session = await connection.createSession();
  const producer = await session.createProducer(session.createQueue(queueName));
  const text = session.createTextMessage("naïve ☕ text");
  const bytes = session.createBytesMessage();
  bytes.writeBytes(Buffer.from([0, 1, 127, 128, 255]));
  bytes.writeUTF("bytes ☕");
  const map = session.createMapMessage();
  map.setInt("i", -7);
  map.setLong("l", 2n ** 60n + 1n);
  map.setString("s", "map ☕");
  map.setBoolean("b", true);
  const sent: Message[] = [text, bytes, map];
  for (const [index, message] of sent.entries()) {
    message.setJMSCorrelationID(`corr-${index}`);
    message.setJMSType(`type-${index}`);
    message.setStringProperty("colour", "blue");
    message.setIntProperty("index", index);
    message.setLongProperty("big", 2n ** 62n + BigInt(index));
    message.setBooleanProperty("flag", index % 2 === 0);
    message.setDoubleProperty("ratio", index + 0.25);
    await producer.send(message);
  }
  ctx.log(`sent ${sent.length} persistent messages to ${queueName}`);
  return sent.map((m) => m.getJMSMessageID() ?? "");
}

function expectHeadersAndProperties(message: Message, index: number, id: string): void {
  const what = `message #${index + 1} after the restart`;
  expectEqual(message.getJMSMessageID(), id, `${what}: JMSMessageID`);
  expectEqual(message.getJMSDeliveryMode(), DeliveryMode.PERSISTENT, `${what}: JMSDeliveryMode`);
  expectEqual(message.getJMSCorrelationID(), `corr-${index}`, `${what}: JMSCorrelationID`);
  expectEqual(message.getJMSType(), `type-${index}`, `${what}: JMSType`);
  expectEqual(message.getStringProperty("colour"), "blue", `${what}: string property`);
  expectEqual(message.getIntProperty("index"), index, `${what}: int property`);
  expectEqual(message.getLongProperty("big"), 2n ** 62n + BigInt(index), `${what}: long property`);
  expectEqual(message.getBooleanProperty("flag"), index % 2 === 0, `${what}: boolean property`);
  expectEqual(message.getDoubleProperty("ratio"), index + 0.25, `${what}: double property`);
}

function expectBodies([text, bytes, map]: Message[]): void {
  expectEqual(textOf(text ?? null, "the TextMessage"), "naïve ☕ text", "TextMessage body");
  const b = present(bytes, "the BytesMessage");
  expectTrue(b instanceof BytesMessage, `expected a BytesMessage, got ${b.constructor.name}`);
  const head = new Uint8Array(5);
  expectEqual((b as BytesMessage).readBytes(head), 5, "BytesMessage: leading bytes read");
  expectEqual([...head], [0, 1, 127, 128, 255], "BytesMessage: leading bytes");
  expectEqual((b as BytesMessage).readUTF(), "bytes ☕", "BytesMessage: UTF");
  const m = present(map, "the MapMessage");
  expectTrue(m instanceof MapMessage, `expected a MapMessage, got ${m.constructor.name}`);
  const entries = m as MapMessage;
  expectEqual(entries.getMapNames().sort(), ["b", "i", "l", "s"], "MapMessage names");
  expectEqual(entries.getInt("i"), -7, "MapMessage int");
  expectEqual(entries.getLong("l"), 2n ** 60n + 1n, "MapMessage long");
  expectEqual(entries.getString("s"), "map ☕", "MapMessage string");
  expectEqual(entries.getBoolean("b"), true, "MapMessage boolean");
}

/**
 * Persistence across a broker restart [JMS 2.0 4.7, 6.2.7, 8.3.2]: the harness stops the broker as a clean
 * shutdown does and starts it again on the same data. Only targets claiming `restart` run these.
 */
export const persistenceCases: ConformanceCase[] = [
  {
    id: "persistence.persistent-survive-restart",
    title:
      "persistent messages survive a broker restart in order, with body, headers and properties intact [JMS 2.0 4.7]",
    requires: ["queues", "restart"],
    timeoutMs: PERSISTENCE_TIMEOUT_MS,
    async run(ctx) {
      const queueName = ctx.queueName("persistent");
      const producing = await ctx.connect();
      const ids = await sendMixed(ctx, producing, queueName);
      await producing.close();
      await restart(ctx);
      const consumer = await consumerOn(ctx, queueName);
      const received: Message[] = [];
      for (const [index, id] of ids.entries()) {
        const message = present(await consumer.receive(RECEIVE_MS), `message #${index + 1} after restart`);
        expectHeadersAndProperties(message, index, id);
        received.push(message);
      }
      expectBodies(received);
      expectEqual(await consumer.receive(ABSENT_MS), null, "a further message after the restart");
    },
  },
  {
    id: "persistence.non-persistent-lost",
    title:
      "NON_PERSISTENT messages do not survive a broker restart; the PERSISTENT ones sent between them do [JMS 2.0 4.7]",
    requires: ["queues", "restart"],
    timeoutMs: PERSISTENCE_TIMEOUT_MS,
    async run(ctx) {
      const queueName = ctx.queueName("non-persistent");
      await sendTexts(ctx, queueName, [
        nonPersistent("np-1"),
        persistent("p-1"),
        nonPersistent("np-2"),
        persistent("p-2"),
      ]);
      await restart(ctx);
      await expectExactly(await consumerOn(ctx, queueName), ["p-1", "p-2"], "after the restart");
    },
  },
  {
    id: "persistence.unacknowledged-back-open",
    title:
      "messages received but not acknowledged when the broker stops (consumer's connection open) come back after the restart, in order [JMS 2.0 6.2.10]",
    requires: ["queues", "restart"],
    timeoutMs: PERSISTENCE_TIMEOUT_MS,
    run: (ctx) => expectBackAfterRestart(ctx, false, false),
  },
  {
    id: "persistence.unacknowledged-back-closed",
    title:
      "messages received but not acknowledged before the consumer's connection closed come back after a restart, in order [JMS 2.0 6.2.10]",
    requires: ["queues", "restart"],
    timeoutMs: PERSISTENCE_TIMEOUT_MS,
    run: (ctx) => expectBackAfterRestart(ctx, true, false),
  },
  {
    id: "persistence.unacknowledged-redelivered-open",
    title:
      "an unacknowledged message outstanding when the broker stops comes back with JMSRedelivered and JMSXDeliveryCount >= 2 [JMS 2.0 3.4.7, 3.5.11]",
    requires: ["queues", "redelivery", "restart", "restart-redelivery", "restart-redelivery-in-flight"],
    timeoutMs: PERSISTENCE_TIMEOUT_MS,
    run: (ctx) => expectBackAfterRestart(ctx, false, true),
  },
  {
    id: "persistence.unacknowledged-redelivered-closed",
    title:
      "a message released unacknowledged before a restart comes back after it with JMSRedelivered and JMSXDeliveryCount >= 2 [JMS 2.0 3.4.7, 3.5.11]",
    requires: ["queues", "redelivery", "restart", "restart-redelivery"],
    timeoutMs: PERSISTENCE_TIMEOUT_MS,
    run: (ctx) => expectBackAfterRestart(ctx, true, true),
  },
  {
    id: "persistence.acknowledged-not-redelivered",
    title:
      "acknowledged messages do not come back after a broker restart; the unconsumed rest does, in order [JMS 2.0 6.2.10]",
    requires: ["queues", "restart"],
    timeoutMs: PERSISTENCE_TIMEOUT_MS,
    async run(ctx) {
      const queueName = ctx.queueName("acknowledged");
      await sendTexts(ctx, queueName, ["one", "two", "three", "four"].map(persistent));
      const connection = await ctx.connect();
      const session = await connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
      const consumer = await session.createConsumer(session.createQueue(queueName));
      const received = await texts(consumer, 2, "before the restart");
      expectEqual(received, ["one", "two"], "before the restart");
      await session.acknowledge();
      await connection.close();
      await restart(ctx);
      await expectExactly(await consumerOn(ctx, queueName), ["three", "four"], "after the restart");
    },
  },
  {
    id: "persistence.durable-subscription-survives",
    title:
      "a durable subscription survives a broker restart with the messages published while its subscriber was away [JMS 2.0 8.3.2]",
    requires: ["topics", "durable-subscriptions", "restart"],
    timeoutMs: PERSISTENCE_TIMEOUT_MS,
    async run(ctx) {
      const clientId = `jms-ts-persist-${randomUUID().slice(0, 8)}`;
      const topicName = ctx.topicName("durable");
      const first = await startConnection(ctx, { clientId });
      const session = await first.createSession();
      const subscriber = await session.createDurableSubscriber(session.createTopic(topicName), "sub");
      const publisher = await ctx.connect();
      const publishing = await publisher.createSession();
      const producer = await publishing.createProducer(publishing.createTopic(topicName));
      await producer.send(publishing.createTextMessage("live"));
      expectEqual(textOf(await subscriber.receive(RECEIVE_MS), "while subscribed"), "live", "live");
      await first.close();
      for (const body of ["away-1", "away-2"]) await producer.send(publishing.createTextMessage(body));
      await publisher.close();

      await restart(ctx);
      const second = await startConnection(ctx, { clientId });
      const again = await second.createSession();
      const resumed = await again.createDurableSubscriber(again.createTopic(topicName), "sub");
      await expectExactly(resumed, ["away-1", "away-2"], "kept across the restart");
      await resumed.close();
      await again.unsubscribe("sub");
    },
  },
  {
    id: "persistence.committed-sends-survive",
    title: "messages sent in a committed transaction survive a broker restart, in order [JMS 2.0 6.2.7]",
    requires: ["queues", "transactions", "restart"],
    timeoutMs: PERSISTENCE_TIMEOUT_MS,
    async run(ctx) {
      const queueName = ctx.queueName("committed");
      const connection = await ctx.connect();
      const session = await connection.createSession(Session.SESSION_TRANSACTED);
      const producer = await session.createProducer(session.createQueue(queueName));
      for (const body of ["c-1", "c-2", "c-3"]) await producer.send(session.createTextMessage(body));
      await session.commit();
      await connection.close();
      await restart(ctx);
      await expectExactly(await consumerOn(ctx, queueName), ["c-1", "c-2", "c-3"], "after the restart");
    },
  },
  {
    id: "persistence.uncommitted-sends-lost",
    title:
      "sends of a transaction still open when the broker stops are discarded; the committed ones before it stay [JMS 2.0 6.2.7]",
    requires: ["queues", "transactions", "restart"],
    timeoutMs: PERSISTENCE_TIMEOUT_MS,
    async run(ctx) {
      const queueName = ctx.queueName("uncommitted");
      const connection = await ctx.connect();
      const session = await connection.createSession(Session.SESSION_TRANSACTED);
      const producer = await session.createProducer(session.createQueue(queueName));
      await producer.send(session.createTextMessage("committed"));
      await session.commit();
      for (const body of ["open-1", "open-2"]) await producer.send(session.createTextMessage(body));
      // The connection stays open: the broker stops with the transaction in progress.
      await restart(ctx);
      await expectExactly(await consumerOn(ctx, queueName), ["committed"], "after the restart");
    },
  },
];
