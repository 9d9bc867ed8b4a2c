import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connectMock, type MockProvider } from "../../test/support/mock-provider";
import { MemoryTextMessageFacade } from "../../test/support/memory-facade";
import { IllegalStateException, InvalidDestinationException } from "../errors/exceptions";
import { JMSException } from "../errors/jms-exception";
import { ProviderError } from "../provider/provider-error";
import type { Connection } from "./connection";
import { Topic } from "./destinations";
import type { MessageConsumer } from "./message-consumer";
import { Session, toAcknowledgeMode } from "./session";

describe("[JMS 2.0 6.2.7] toAcknowledgeMode", () => {
  it("accepts AUTO, CLIENT, DUPS_OK and Qpid JMS's INDIVIDUAL_ACKNOWLEDGE (101)", () => {
    expect(toAcknowledgeMode(false, Session.AUTO_ACKNOWLEDGE)).toBe(1);
    expect(toAcknowledgeMode(false, Session.CLIENT_ACKNOWLEDGE)).toBe(2);
    expect(toAcknowledgeMode(false, Session.DUPS_OK_ACKNOWLEDGE)).toBe(3);
    expect(toAcknowledgeMode(false, Session.INDIVIDUAL_ACKNOWLEDGE)).toBe(101);
  });

  it("maps (true, any mode) and SESSION_TRANSACTED to a transacted session (0)", () => {
    for (const [transacted, mode] of [
      [true, Session.AUTO_ACKNOWLEDGE],
      [true, 4],
      [false, Session.SESSION_TRANSACTED],
    ] as const) {
      expect(toAcknowledgeMode(transacted, mode)).toBe(Session.SESSION_TRANSACTED);
    }
  });

  it.each([4, -1, 100, 1.5])("rejects unknown mode %s, naming the supported ones", (mode) => {
    expect(() => toAcknowledgeMode(false, mode)).toThrow(JMSException);
    expect(() => toAcknowledgeMode(false, mode)).toThrow(
      `unknown acknowledge mode ${mode}; use Session.SESSION_TRANSACTED, AUTO_ACKNOWLEDGE, CLIENT_ACKNOWLEDGE, DUPS_OK_ACKNOWLEDGE or INDIVIDUAL_ACKNOWLEDGE`,
    );
  });
});

describe("[JMS 2.0 6.2] Session over a mock provider", () => {
  let provider: MockProvider;
  let connection: Connection;

  beforeEach(async () => {
    ({ provider, connection } = await connectMock());
    await connection.start();
  });

  afterEach(async () => {
    await connection.close();
  });

  async function consumerOn(session: Session, queue = "orders"): Promise<MessageConsumer> {
    return session.createConsumer(session.createQueue(queue));
  }

  it("createSession(true) creates a transacted provider session", async () => {
    const session = await connection.createSession(true);
    expect(provider.transactedSessions).toEqual([session.id]);
    expect(session.getTransacted()).toBe(true);
    expect(session.getAcknowledgeMode()).toBe(Session.SESSION_TRANSACTED);
  });

  it("creates a provider session with the session's id and its ack mode", async () => {
    const session = await connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
    expect(provider.sessionsCreated).toEqual([session.id]);
    expect(session.getAcknowledgeMode()).toBe(Session.CLIENT_ACKNOWLEDGE);
    expect(session.getTransacted()).toBe(false);
  });

  it("creates consumers with the connection's prefetch and starts them", async () => {
    const session = await connection.createSession();
    const consumer = await consumerOn(session);
    expect(consumer.id).toBe(`${session.id}:1`);
    expect(provider.consumersCreated).toEqual([
      { id: consumer.id, sessionId: session.id, destination: session.createQueue("orders"), prefetch: 1000 },
    ]);
    expect(provider.consumersStarted).toEqual([consumer.id]);
  });

  it("createQueue and createTopic reject an empty name; a destination of another kind is refused", async () => {
    const session = await connection.createSession();
    expect(() => session.createQueue("")).toThrow(InvalidDestinationException);
    expect(() => session.createTopic("")).toThrow(InvalidDestinationException);
    const foreign = { kind: "queue", temporary: false, address: "x", toString: () => "x" } as const;
    await expect(session.createProducer(foreign)).rejects.toBeInstanceOf(InvalidDestinationException);
    await expect(session.createConsumer(foreign)).rejects.toBeInstanceOf(InvalidDestinationException);
    expect(provider.producersCreated).toEqual([]);
    expect(provider.consumersCreated).toEqual([]);
    await expect(session.createConsumer(new Topic("news"))).resolves.toBeDefined();
  });

  it("[JMS 2.0 6.2.10] AUTO_ACKNOWLEDGE accepts a message when receive() hands it over", async () => {
    const session = await connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    const consumer = await consumerOn(session);
    const delivery = provider.deliverText(consumer.id, "one");
    expect(provider.acks).toEqual([]);
    const message = await consumer.receive(1000);
    expect(message).not.toBeNull();
    expect(provider.acks).toEqual([{ delivery, outcome: "accepted" }]);
    expect(provider.delivered).toEqual([delivery]);
    // acknowledge() is a no-op in AUTO mode.
    await message?.acknowledge();
    expect(provider.acks).toHaveLength(1);
  });

  it("DUPS_OK_ACKNOWLEDGE also accepts on hand-over", async () => {
    const session = await connection.createSession(false, Session.DUPS_OK_ACKNOWLEDGE);
    const consumer = await consumerOn(session);
    const delivery = provider.deliverText(consumer.id, "one");
    await consumer.receiveNoWait();
    expect(provider.acks).toEqual([{ delivery, outcome: "accepted" }]);
  });

  it("[JMS 2.0 6.2.10] CLIENT_ACKNOWLEDGE acknowledges nothing until message.acknowledge(), then every delivered message of the session", async () => {
    const session = await connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
    const first = await consumerOn(session, "a");
    const second = await consumerOn(session, "b");
    const d1 = provider.deliverText(first.id, "1");
    const d2 = provider.deliverText(second.id, "2");
    const d3 = provider.deliverText(first.id, "3");
    const m1 = await first.receive(1000);
    const m2 = await second.receive(1000);
    expect(provider.acks).toEqual([]);
    // Acknowledging the earlier message acknowledges everything delivered so far, but not d3 (still buffered).
    await m1?.acknowledge();
    expect(provider.acks).toEqual([
      { delivery: d1, outcome: "accepted" },
      { delivery: d2, outcome: "accepted" },
    ]);
    expect(m2).not.toBeNull();
    const m3 = await first.receive(1000);
    expect(provider.acks).toHaveLength(2);
    await m3?.acknowledge();
    expect(provider.acks.at(-1)).toEqual({ delivery: d3, outcome: "accepted" });
    // Nothing is acknowledged twice.
    await m1?.acknowledge();
    expect(provider.acks).toHaveLength(3);
  });

  it("[JMS 2.0 6.2.12] session close settles delivered-unacknowledged messages as failed", async () => {
    const session = await connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
    const consumer = await consumerOn(session);
    const d1 = provider.deliverText(consumer.id, "1");
    const d2 = provider.deliverText(consumer.id, "2");
    const m1 = await consumer.receive(1000);
    await session.close();
    expect(provider.acks).toHaveLength(2);
    expect(provider.acks).toEqual(
      expect.arrayContaining([
        { delivery: d2, outcome: "released" },
        { delivery: d1, outcome: "failed" },
      ]),
    );
    expect(provider.consumersDestroyed).toEqual([consumer.id]);
    expect(provider.sessionsDestroyed).toEqual([session.id]);
    await expect(m1?.acknowledge()).rejects.toBeInstanceOf(IllegalStateException);
    expect(provider.acks).toHaveLength(2);
  });

  it("[qpid-jms 2.12] session close fails unacknowledged messages before it detaches their consumer", async () => {
    // Once destroyConsumer has run, the provider has no link left to settle them on.
    const session = await connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
    const consumer = await consumerOn(session);
    provider.deliverText(consumer.id, "1");
    await consumer.receive(1000);
    await session.close();
    const failed = provider.calls.indexOf("acknowledge:failed");
    expect(failed).toBeGreaterThanOrEqual(0);
    expect(failed).toBeLessThan(provider.calls.indexOf("destroyConsumer"));
  });

  it("session close takes back credit, releases buffered messages, then detaches consumers and ends the session", async () => {
    const session = await connection.createSession();
    const consumer = await consumerOn(session);
    provider.deliverText(consumer.id, "buffered");
    const before = provider.calls.length;
    await session.close();
    expect(provider.calls.slice(before)).toEqual([
      "stopConsumer",
      "stopConsumer",
      "acknowledge:released",
      "destroyConsumer",
      "destroySession",
    ]);
  });

  it("a closed session refuses new work with IllegalStateException", async () => {
    const session = await connection.createSession();
    await session.close();
    expect(() => session.createMessage()).toThrow(IllegalStateException);
    expect(() => session.createTextMessage("x")).toThrow(IllegalStateException);
    await expect(session.createProducer(session.createQueue("q"))).rejects.toBeInstanceOf(
      IllegalStateException,
    );
    await expect(consumerOn(session)).rejects.toBeInstanceOf(IllegalStateException);
  });

  it("close is idempotent, shares one promise and is what Symbol.asyncDispose does", async () => {
    const session = await connection.createSession();
    const first = session.close();
    expect(session.close()).toBe(first);
    await first;
    await session[Symbol.asyncDispose]();
    expect(provider.sessionsDestroyed).toEqual([session.id]);

    const disposed = await connection.createSession();
    await disposed[Symbol.asyncDispose]();
    expect(provider.sessionsDestroyed).toEqual([session.id, disposed.id]);
  });

  it("a refused consumer attach surfaces as the mapped exception and registers nothing", async () => {
    const session = await connection.createSession();
    provider.failNext(
      "createConsumer",
      new ProviderError("invalid-destination", "no such queue", { condition: "amqp:not-found" }),
    );
    const error = await consumerOn(session).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidDestinationException);
    expect((error as JMSException).errorCode).toBe("amqp:not-found");
    expect(provider.consumersStarted).toEqual([]);
  });

  it("session close still fails unacknowledged messages and ends the provider session when a consumer's detach fails", async () => {
    const session = await connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
    const consumer = await consumerOn(session);
    const delivery = provider.deliverText(consumer.id, "1");
    await consumer.receive(1000);
    provider.failNext("destroyConsumer", "general");
    await session.close().catch(() => undefined);
    expect(provider.acks).toContainEqual({ delivery, outcome: "failed" });
    expect(provider.sessionsDestroyed).toEqual([session.id]);
  });

  it("createTextMessage builds a writable text message from the provider's facade", async () => {
    const session = await connection.createSession();
    const message = session.createTextMessage("hi");
    expect(message.getText()).toBe("hi");
    message.setText("changed");
    expect(message.getText()).toBe("changed");
    expect(session.createTextMessage().getText()).toBeNull();
    expect(new MemoryTextMessageFacade("x").kind).toBe("text");
  });
});
