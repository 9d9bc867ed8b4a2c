// Restarts of the bundled broker on one data directory: which entities and messages survive, through the
// public client API and the broker's admin API [issue 7; JMS 2.0 4.7, 6.2.7, 8.3.2].
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Broker, createBroker } from "@jms-ts/broker";
import {
  type Connection,
  ConnectionFactory,
  DeliveryMode,
  type DeliveryModeValue,
  type Message,
  type MessageConsumer,
  Session,
  TextMessage,
} from "@jms-ts/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const RECEIVE_MS = 5_000;
const ABSENT_MS = 300;

let dataDir: string;
let broker: Broker | undefined;
const connections: Connection[] = [];

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jms-ts-restart-"));
  broker = await createBroker({ port: 0, dataDir });
});

afterEach(async () => {
  await closeConnections();
  await broker?.close();
  broker = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

function running(): Broker {
  if (!broker) throw new Error("no broker is running");
  return broker;
}

async function closeConnections(): Promise<void> {
  await Promise.allSettled(connections.splice(0).map((connection) => connection.close()));
}

/** Stops the broker (its clients' connections drop) and starts it again on the same port and directory. */
async function restart(): Promise<Broker> {
  const port = running().port;
  await running().close();
  await closeConnections();
  broker = await createBroker({ port, dataDir });
  return broker;
}

async function connect(clientId?: string): Promise<Connection> {
  const connection = await new ConnectionFactory(running().url).createConnection();
  connections.push(connection);
  if (clientId !== undefined) await connection.setClientID(clientId);
  await connection.start();
  return connection;
}

async function send(
  queue: string,
  bodies: string[],
  deliveryMode: DeliveryModeValue = DeliveryMode.PERSISTENT,
): Promise<void> {
  const session = await (await connect()).createSession();
  const producer = await session.createProducer(session.createQueue(queue));
  producer.setDeliveryMode(deliveryMode);
  for (const body of bodies) await producer.send(session.createTextMessage(body));
}

function textOf(message: Message | null): string | null {
  if (message === null) return null;
  if (!(message instanceof TextMessage)) throw new Error("expected a TextMessage");
  return message.getText();
}

/** Receives until nothing comes for a moment; the texts in order. */
async function receiveAll(consumer: MessageConsumer): Promise<(string | null)[]> {
  const texts: (string | null)[] = [];
  for (
    let message = await consumer.receive(RECEIVE_MS);
    message;
    message = await consumer.receive(ABSENT_MS)
  ) {
    texts.push(textOf(message));
  }
  return texts;
}

async function consumerOn(queue: string): Promise<MessageConsumer> {
  const session = await (await connect()).createSession();
  return session.createConsumer(session.createQueue(queue));
}

describe("[issue 7] restarting the bundled broker on its data directory", () => {
  it("[JMS 2.0 4.7] persistent messages survive in order; non-persistent ones do not", async () => {
    await send("orders", ["p1", "p2"]);
    await send("orders", ["n1"], DeliveryMode.NON_PERSISTENT);
    await send("orders", ["p3"]);
    await restart();
    expect(await receiveAll(await consumerOn("orders"))).toEqual(["p1", "p2", "p3"]);
  });

  it("consumed messages stay consumed; unacknowledged ones come back marked redelivered", async () => {
    await send("work", ["done", "seen", "waiting"]);
    const session = await (await connect()).createSession(false, Session.CLIENT_ACKNOWLEDGE);
    const consumer = await session.createConsumer(session.createQueue("work"));
    const done = await consumer.receive(RECEIVE_MS);
    await done?.acknowledge(); // acknowledges "done" only: the next one is received after it
    expect(textOf(done)).toBe("done");
    const seen = await consumer.receive(RECEIVE_MS);
    expect(textOf(seen)).toBe("seen");
    await restart();
    const again = await (await connect()).createSession();
    const resumed = again.createConsumer(again.createQueue("work"));
    const first = await (await resumed).receive(RECEIVE_MS);
    expect(textOf(first)).toBe("seen");
    expect(first?.getJMSRedelivered()).toBe(true);
    expect(first?.getIntProperty("JMSXDeliveryCount")).toBeGreaterThanOrEqual(2);
    const second = await (await resumed).receive(RECEIVE_MS);
    expect(textOf(second)).toBe("waiting");
    expect(await (await resumed).receive(ABSENT_MS)).toBeNull();
  });

  it("[JMS 2.0 6.2.7] committed sends survive a restart; uncommitted ones vanish", async () => {
    const session = await (await connect()).createSession(true, Session.SESSION_TRANSACTED);
    const producer = await session.createProducer(session.createQueue("tx"));
    await producer.send(session.createTextMessage("committed"));
    await session.commit();
    await producer.send(session.createTextMessage("uncommitted"));
    await restart();
    expect(await receiveAll(await consumerOn("tx"))).toEqual(["committed"]);
  });

  it("[JMS 2.0 6.2.7] a committed consume stays consumed; a consume left uncommitted comes back", async () => {
    await send("tx-acks", ["a", "b"]);
    const session = await (await connect()).createSession(true, Session.SESSION_TRANSACTED);
    const consumer = await session.createConsumer(session.createQueue("tx-acks"));
    expect(textOf(await consumer.receive(RECEIVE_MS))).toBe("a");
    await session.commit();
    expect(textOf(await consumer.receive(RECEIVE_MS))).toBe("b");
    await restart();
    const resumed = await consumerOn("tx-acks");
    const back = await resumed.receive(RECEIVE_MS);
    expect(textOf(back)).toBe("b");
    expect(back?.getJMSRedelivered()).toBe(true);
    expect(await resumed.receive(ABSENT_MS)).toBeNull();
  });

  it("[JMS 2.0 8.3.2] a durable subscription survives and keeps what was published while the broker was down", async () => {
    const session = await (await connect("restart-client")).createSession();
    const subscriber = await session.createDurableSubscriber(
      session.createTopic("news"),
      "sub",
      "keep = TRUE",
    );
    await subscriber.close();
    const publisher = await (await connect()).createSession();
    const producer = await publisher.createProducer(publisher.createTopic("news"));
    for (const [text, keep] of [
      ["kept", true],
      ["filtered", false],
    ] as const) {
      const message = publisher.createTextMessage(text);
      message.setBooleanProperty("keep", keep);
      await producer.send(message);
    }
    await restart();
    // Published after the restart: the recovered subscription still selects.
    const later = await (await connect()).createSession();
    const laterProducer = await later.createProducer(later.createTopic("news"));
    for (const [text, keep] of [
      ["kept-later", true],
      ["filtered-later", false],
    ] as const) {
      const message = later.createTextMessage(text);
      message.setBooleanProperty("keep", keep);
      await laterProducer.send(message);
    }
    const again = await (await connect("restart-client")).createSession();
    const resumed = await again.createDurableSubscriber(again.createTopic("news"), "sub", "keep = TRUE");
    expect(await receiveAll(resumed)).toEqual(["kept", "kept-later"]);
    await resumed.close();
    await again.unsubscribe("sub");
    await restart();
    expect(
      running()
        .queueNames()
        .filter((name) => name.includes("sub")),
    ).toEqual([]);
  });

  it("durable queues, exchanges and bindings survive; non-durable ones do not", async () => {
    const admin = running();
    admin.declareQueue("kept-queue", { durable: true, maxLength: 10 });
    admin.declareQueue("temp-queue", { durable: false });
    admin.declareExchange("kept-exchange", { type: "direct", durable: true });
    admin.declareExchange("temp-exchange", { type: "fanout" });
    admin.bind({ exchange: "kept-exchange", queue: "kept-queue", key: "k" });
    admin.bind({ exchange: "temp-exchange", queue: "kept-queue" });
    const after = await restart();
    expect(after.queueNames()).toContain("kept-queue");
    expect(after.queueNames()).not.toContain("temp-queue");
    expect(after.queueStats("kept-queue")).toBeDefined();
    expect(after.exchangeNames()).toContain("kept-exchange");
    expect(after.exchangeNames()).not.toContain("temp-exchange");
    expect(after.bindings("kept-exchange")).toEqual([
      { exchange: "kept-exchange", queue: "kept-queue", key: "k", arguments: {} },
    ]);
    // Redeclaring with the options it was saved with changes nothing; other options are refused.
    expect(() => after.declareQueue("kept-queue", { durable: true, maxLength: 10 })).not.toThrow();
    expect(() => after.declareQueue("kept-queue", { durable: true })).toThrow(/other options/);
    // A deleted durable queue stays deleted.
    after.deleteQueue("kept-queue");
    expect((await restart()).queueNames()).not.toContain("kept-queue");
  });

  it("a second broker on the same data directory is refused with a clear message", async () => {
    await expect(createBroker({ port: 0, dataDir })).rejects.toThrow(/in use by broker process/);
  });
});
