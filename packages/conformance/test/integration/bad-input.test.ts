// Mistakes a new user makes, end to end against the bundled broker: each gets an error that says what was
// wrong, nothing is lost, and the connection (or broker) keeps serving [CONVENTIONS 11].
import { createBroker, type Broker } from "@jms-ts/broker";
import {
  ConnectionFactory,
  InvalidDestinationException,
  JMSException,
  ResourceAllocationException,
  Session,
  type TextMessage,
} from "@jms-ts/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let broker: Broker;
beforeAll(async () => {
  broker = await createBroker({ port: 0, maxMessageSize: 64 * 1024 });
});
afterAll(() => broker.close());

async function rejection(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error("expected a rejection");
  return error;
}

describe("bad input, tried as a new user would", () => {
  it("an oversized message is refused before sending, naming both sizes; the next send works", async () => {
    const connection = await new ConnectionFactory(broker.url).createConnection();
    try {
      await connection.start();
      const session = await connection.createSession();
      const queue = session.createQueue("oversized");
      const producer = await session.createProducer(queue);
      const big = session.createBytesMessage();
      big.writeBytes(new Uint8Array(100 * 1024));
      const error = await rejection(producer.send(big));
      expect(error).toBeInstanceOf(ResourceAllocationException);
      expect((error as JMSException).errorCode).toBe("amqp:link:message-size-exceeded");
      expect(error.message).toMatch(/bytes encoded; the broker accepts at most 65536/);
      await producer.send(session.createTextMessage("fits"));
      const received = (await (await session.createConsumer(queue)).receive(5000)) as TextMessage | null;
      expect(received?.getText()).toBe("fits");
      expect(broker.queueStats("oversized")?.depth).toBe(0);
    } finally {
      await connection.close();
    }
  });

  it("malformed URIs and options fail in the ConnectionFactory constructor, saying what is allowed", () => {
    expect(() => new ConnectionFactory("http://localhost:5672")).toThrow(
      /amqp, amqps, amqpws or amqpwss|scheme/,
    );
    expect(() => new ConnectionFactory(`${broker.url}?jms.prefetchPolicy.al=5`)).toThrow(
      /jms\.prefetchPolicy\.al.*valid/is,
    );
    expect(() => new ConnectionFactory(`${broker.url}?jms.prefetchPolicy.all=lots`)).toThrow(JMSException);
  });

  it("an empty queue name and a destination of the wrong kind are InvalidDestinationException", async () => {
    const connection = await new ConnectionFactory(broker.url).createConnection();
    try {
      const session = await connection.createSession();
      expect(() => session.createQueue("")).toThrow(InvalidDestinationException);
      await expect(session.createConsumer({} as never)).rejects.toBeInstanceOf(InvalidDestinationException);
    } finally {
      await connection.close();
    }
  });

  it("[JMS 2.0 6.1.8] every call after close is IllegalStateException saying who closed it", async () => {
    const connection = await new ConnectionFactory(broker.url).createConnection();
    const session = await connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
    const producer = await session.createProducer(session.createQueue("after-close"));
    const message = session.createTextMessage("never sent");
    const pending = (await session.createConsumer(session.createQueue("after-close"))).receive();
    await connection.close();
    expect(await pending).toBeNull();
    await expect(producer.send(message)).rejects.toThrow(/message producer is closed \(close\(\) was called/);
    expect(() => session.createTextMessage("late")).toThrow(/the session is closed \(close\(\) was called/);
    await expect(connection.createSession()).rejects.toThrow(/connection is closed/);
    await connection.close();
  });
});
