// A store that cannot write (a full disk) makes the bundled broker refuse persistent messages and commits
// with a clear error, never accept and lose them, while everything else keeps working [issue 7].
import { createBroker, MemoryMessageStore, MemoryVolume, type Broker } from "@jms-ts/broker";
import type { TextMessage } from "@jms-ts/client";
import {
  type Connection,
  ConnectionFactory,
  DeliveryMode,
  isJMSException,
  ResourceAllocationException,
  Session,
  TransactionRolledBackException,
} from "@jms-ts/client";
import { afterEach, describe, expect, it } from "vitest";

const DISK_FULL = "cannot write journal-0000000001.seg: no space left on device (ENOSPC)";

let broker: Broker | undefined;
const connections: Connection[] = [];
const logged: string[] = [];

afterEach(async () => {
  await Promise.allSettled(connections.splice(0).map((connection) => connection.close()));
  await broker?.close();
  broker = undefined;
  logged.length = 0;
});

async function start(volume: MemoryVolume, port = 0): Promise<Broker> {
  broker = await createBroker({
    port,
    store: new MemoryMessageStore(volume),
    logger: { info: () => undefined, warn: (line) => logged.push(line), error: (line) => logged.push(line) },
  });
  return broker;
}

async function session(url: string, transacted = false): Promise<Session> {
  const connection = await new ConnectionFactory(url).createConnection();
  connections.push(connection);
  await connection.start();
  return connection.createSession(
    transacted,
    transacted ? Session.SESSION_TRANSACTED : Session.AUTO_ACKNOWLEDGE,
  );
}

async function failureOf(attempt: Promise<unknown>): Promise<unknown> {
  return attempt.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe("[issue 7] the bundled broker when its store cannot write", () => {
  it("refuses persistent sends with ResourceAllocationException, keeps non-persistent ones, and recovers", async () => {
    const volume = new MemoryVolume();
    const running = await start(volume);
    const producerSession = await session(running.url);
    const producer = await producerSession.createProducer(producerSession.createQueue("full"));
    await producer.send(producerSession.createTextMessage("before"));

    volume.failWrites(DISK_FULL);
    const refused = await failureOf(producer.send(producerSession.createTextMessage("refused")));
    expect(refused).toBeInstanceOf(ResourceAllocationException);
    expect(isJMSException(refused) && refused.errorCode).toBe("amqp:resource-limit-exceeded");
    expect((refused as Error).message).toContain("no space left on device");
    await failureOf(producer.send(producerSession.createTextMessage("refused again")));
    // One line when the store starts failing, not one per refused message.
    expect(logged.filter((line) => line.includes("no space left on device"))).toHaveLength(1);
    producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
    await producer.send(producerSession.createTextMessage("non-persistent"));

    volume.failWrites(undefined);
    producer.setDeliveryMode(DeliveryMode.PERSISTENT);
    // Writes are retried at most once a second: within a few seconds persistent sends are taken again.
    const deadline = Date.now() + 5_000;
    let accepted = false;
    while (!accepted && Date.now() < deadline) {
      accepted = (await failureOf(producer.send(producerSession.createTextMessage("after")))) === undefined;
      if (!accepted) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(accepted).toBe(true);
    expect(logged.at(-1)).toMatch(/writes again/);

    const consumerSession = await session(running.url);
    const consumer = await consumerSession.createConsumer(consumerSession.createQueue("full"));
    const texts: string[] = [];
    for (let message = await consumer.receive(5_000); message; message = await consumer.receive(300)) {
      texts.push((message as TextMessage).getText() ?? "");
    }
    expect(texts).toEqual(["before", "non-persistent", "after"]);
  });

  it("rolls a commit back with TransactionRolledBackException and keeps nothing of it", async () => {
    const volume = new MemoryVolume();
    const running = await start(volume);
    const transacted = await session(running.url, true);
    const producer = await transacted.createProducer(transacted.createQueue("tx-full"));
    await producer.send(transacted.createTextMessage("lost-with-the-rollback"));
    volume.failWrites(DISK_FULL);
    const error = await failureOf(transacted.commit());
    expect(error).toBeInstanceOf(TransactionRolledBackException);
    expect((error as Error).message).toContain("no space left on device");
    volume.failWrites(undefined);

    const port = running.port;
    await running.close();
    const restarted = await start(volume, port);
    const consumerSession = await session(restarted.url);
    const consumer = await consumerSession.createConsumer(consumerSession.createQueue("tx-full"));
    expect(await consumer.receive(500)).toBeNull();
  });
});
