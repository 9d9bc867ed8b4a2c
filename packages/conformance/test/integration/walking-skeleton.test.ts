import { createBroker, type Broker } from "@jms-ts/broker";
import {
  ConnectionFactory,
  ConnectionFailedException,
  DeliveryMode,
  isJMSException,
  JMSSecurityException,
  Session,
  TextMessage,
  type Connection,
} from "@jms-ts/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

describe("client to bundled broker, in process", () => {
  let broker: Broker;
  let connection: Connection;

  beforeEach(async () => {
    broker = await createBroker({ port: 0 });
    connection = await new ConnectionFactory(broker.url).createConnection();
    await connection.start();
  });

  afterEach(async () => {
    await connection.close();
    await broker.close();
  });

  it("sends a TextMessage to a queue and receives it with its headers", async () => {
    const session = await connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    const queue = session.createQueue("orders");
    const producer = await session.createProducer(queue);
    const sent = session.createTextMessage("hello");
    await producer.send(sent);

    const consumer = await session.createConsumer(queue);
    const received = await consumer.receive(5000);

    expect(received).toBeInstanceOf(TextMessage);
    expect((received as TextMessage).getText()).toBe("hello");
    expect(received?.getJMSMessageID()).toBe(sent.getJMSMessageID());
    expect(received?.getJMSMessageID()).toMatch(/^ID:[0-9a-f-]{36}:\d+:1:1-1$/);
    expect(received?.getJMSDeliveryMode()).toBe(DeliveryMode.PERSISTENT);
    expect(received?.getJMSDestination()?.toString()).toBe("queue://orders");
    expect(received?.getJMSTimestamp()).toBe(sent.getJMSTimestamp());
    expect(received?.getJMSRedelivered()).toBe(false);
  });

  it("removes a message once accepted and leaves the queue empty", async () => {
    const session = await connection.createSession();
    const queue = session.createQueue("q.accept");
    await (await session.createProducer(queue)).send(session.createTextMessage("one"));
    const consumer = await session.createConsumer(queue);
    expect(await consumer.receive(5000)).not.toBeNull();
    await consumer.close();
    expect(broker.queueStats("q.accept")).toMatchObject({ depth: 0, unsettled: 0, consumers: 0 });
  });

  it("returns null from receive(timeout) on an empty queue", async () => {
    const session = await connection.createSession();
    const consumer = await session.createConsumer(session.createQueue("q.empty"));
    expect(await consumer.receive(50)).toBeNull();
    expect(await consumer.receiveNoWait()).toBeNull();
  });

  it("delivers nothing before start and everything after", async () => {
    const stopped = await new ConnectionFactory(broker.url).createConnection();
    try {
      const session = await stopped.createSession();
      const queue = session.createQueue("q.start");
      await (await session.createProducer(queue)).send(session.createTextMessage("later"));
      const consumer = await session.createConsumer(queue);
      expect(await consumer.receive(100)).toBeNull();
      await stopped.start();
      expect(((await consumer.receive(5000)) as TextMessage).getText()).toBe("later");
    } finally {
      await stopped.close();
    }
  });

  it("keeps order and loses nothing across many messages and a small prefetch", async () => {
    const small = await new ConnectionFactory(`${broker.url}?jms.prefetchPolicy.all=10`).createConnection();
    try {
      await small.start();
      const session = await small.createSession();
      const queue = session.createQueue("q.many");
      const producer = await session.createProducer(queue);
      const count = 500;
      await Promise.all(
        Array.from({ length: count }, (_, i) => producer.send(session.createTextMessage(`m${i}`))),
      );
      const consumer = await session.createConsumer(queue);
      const texts: (string | null)[] = [];
      for (let i = 0; i < count; i++) texts.push(((await consumer.receive(5000)) as TextMessage).getText());
      expect(texts).toEqual(Array.from({ length: count }, (_, i) => `m${i}`));
      expect(await consumer.receive(50)).toBeNull();
    } finally {
      await small.close();
    }
  });

  it("[JMS 2.0 6.2.10] CLIENT_ACKNOWLEDGE: unacknowledged messages come back redelivered", async () => {
    const session = await connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
    const queue = session.createQueue("q.client-ack");
    await (await session.createProducer(queue)).send(session.createTextMessage("again"));
    const consumer = await session.createConsumer(queue);
    const first = await consumer.receive(5000);
    expect(first?.getJMSRedelivered()).toBe(false);
    await session.close();

    const next = await connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
    const again = await (await next.createConsumer(queue)).receive(5000);
    expect((again as TextMessage).getText()).toBe("again");
    expect(again?.getJMSRedelivered()).toBe(true);
    await again?.acknowledge();
    await next.close();
    expect(broker.queueStats("q.client-ack")).toMatchObject({ depth: 0, unsettled: 0 });
  });

  it("iterates a consumer with for await", async () => {
    const session = await connection.createSession();
    const queue = session.createQueue("q.iterate");
    const producer = await session.createProducer(queue);
    for (const text of ["a", "b", "c"]) await producer.send(session.createTextMessage(text));
    const consumer = await session.createConsumer(queue);
    const seen: (string | null)[] = [];
    for await (const message of consumer) {
      seen.push((message as TextMessage).getText());
      if (seen.length === 3) break;
    }
    expect(seen).toEqual(["a", "b", "c"]);
  });
});

describe("connection failures, against the bundled broker", () => {
  it("reports credentials the broker cannot take as a JMSSecurityException naming the mechanisms", async () => {
    const broker = await createBroker({ port: 0 });
    try {
      const failure = await new ConnectionFactory(broker.url)
        .createConnection("user", "secret")
        .catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(JMSSecurityException);
      expect((failure as JMSSecurityException).errorCode).toBe("amqp:unauthorized-access");
      expect((failure as Error).message).toMatch(/ANONYMOUS/);
      expect(broker.connectionCount).toBe(0);
    } finally {
      await broker.close();
    }
  });

  it("reports an unreachable broker as a retryable ConnectionFailedException", async () => {
    const broker = await createBroker({ port: 0 });
    const url = broker.url;
    await broker.close();
    const failure = await new ConnectionFactory(url).createConnection().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ConnectionFailedException);
    expect((failure as ConnectionFailedException).retryable).toBe(true);
    expect((failure as Error).message).toContain(url);
  });

  it("rejects a malformed URI before any I/O: the ConnectionFactory constructor throws", () => {
    let failure: unknown;
    try {
      new ConnectionFactory("amqp://host?amqp.bogus=1");
    } catch (e) {
      failure = e;
    }
    expect(isJMSException(failure)).toBe(true);
    expect((failure as Error).message).toMatch(/unknown connection option "amqp.bogus"/);
  });
});
