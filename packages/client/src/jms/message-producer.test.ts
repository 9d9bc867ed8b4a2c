import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connectMock, isSettled, type MockProvider } from "../../test/support/mock-provider";
import type { MemoryMessageFacade } from "../../test/support/memory-facade";
import { IllegalStateException, SendFailedException } from "../errors/exceptions";
import { JMSException } from "../errors/jms-exception";
import { DeliveryMode, type DeliveryModeValue } from "../message/delivery-mode";
import { ProviderError } from "../provider/provider-error";
import type { Connection } from "./connection";
import type { MessageProducer } from "./message-producer";
import type { Session } from "./session";

const ID = /^ID:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:\d+$/;

describe("[JMS 2.0 7] MessageProducer over a mock provider", () => {
  let provider: MockProvider;
  let connection: Connection;
  let session: Session;
  let producer: MessageProducer;

  beforeEach(async () => {
    ({ provider, connection } = await connectMock());
    session = await connection.createSession();
    producer = await session.createProducer(session.createQueue("orders"));
  });

  afterEach(async () => {
    await connection.close();
  });

  function lastSent(): { facade: MemoryMessageFacade; timeToLiveMs: number; producerId: string } {
    const record = provider.sends.at(-1);
    if (!record) throw new Error("nothing was sent");
    return {
      facade: record.facade as MemoryMessageFacade,
      timeToLiveMs: record.options.timeToLiveMs,
      producerId: record.producerId,
    };
  }

  it("uses Qpid JMS ids: connection ID:<uuid>:<n>, then :<session>:<producer>, message <producer>-<n>", async () => {
    expect(connection.id).toMatch(ID);
    expect(session.id).toBe(`${connection.id}:1`);
    expect(producer.id).toBe(`${session.id}:1`);
    expect(provider.producersCreated).toEqual([
      { id: producer.id, sessionId: session.id, destination: session.createQueue("orders") },
    ]);
    const second = await session.createProducer(session.createQueue("other"));
    expect(second.id).toBe(`${session.id}:2`);
  });

  it("[JMS 2.0 3.4.3] sets JMSMessageID <producerId>-<n>, counting per producer", async () => {
    const first = session.createTextMessage("a");
    const second = session.createTextMessage("b");
    await producer.send(first);
    await producer.send(second);
    expect(first.getJMSMessageID()).toBe(`${producer.id}-1`);
    expect(second.getJMSMessageID()).toBe(`${producer.id}-2`);
    expect(first.getJMSMessageID()).toMatch(/^ID:[0-9a-f-]{36}:\d+:1:1-1$/);
    expect(provider.sends.map((s) => s.producerId)).toEqual([producer.id, producer.id]);
  });

  it("sets JMSTimestamp to the send time and JMSDestination to the producer's queue", async () => {
    const message = session.createMessage();
    const before = Date.now();
    await producer.send(message);
    const after = Date.now();
    expect(message.getJMSTimestamp()).toBeGreaterThanOrEqual(before);
    expect(message.getJMSTimestamp()).toBeLessThanOrEqual(after);
    expect(message.getJMSDestination()?.toString()).toBe("queue://orders");
    expect(lastSent().facade.timestamp).toBe(message.getJMSTimestamp());
  });

  it("defaults to PERSISTENT, priority 4 and no expiry [JMS 2.0 7.8]", async () => {
    expect(producer.getDeliveryMode()).toBe(DeliveryMode.PERSISTENT);
    expect(producer.getPriority()).toBe(4);
    expect(producer.getTimeToLive()).toBe(0);
    const message = session.createMessage();
    await producer.send(message);
    expect(message.getJMSDeliveryMode()).toBe(DeliveryMode.PERSISTENT);
    expect(message.getJMSPriority()).toBe(4);
    expect(message.getJMSExpiration()).toBe(0);
    expect(lastSent()).toMatchObject({ timeToLiveMs: 0, facade: { persistent: true, priority: 4 } });
  });

  it("applies the producer's delivery mode, priority and time to live", async () => {
    producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
    producer.setPriority(7);
    producer.setTimeToLive(5000);
    const message = session.createMessage();
    await producer.send(message);
    expect(message.getJMSDeliveryMode()).toBe(DeliveryMode.NON_PERSISTENT);
    expect(message.getJMSPriority()).toBe(7);
    expect(message.getJMSExpiration()).toBe(message.getJMSTimestamp() + 5000);
    expect(lastSent()).toMatchObject({ timeToLiveMs: 5000, facade: { persistent: false, priority: 7 } });
  });

  it("[JMS 2.0 4.8] per-send arguments override the producer's defaults", async () => {
    const message = session.createMessage();
    await producer.send(message, DeliveryMode.NON_PERSISTENT, 9, 1000);
    expect(message.getJMSDeliveryMode()).toBe(DeliveryMode.NON_PERSISTENT);
    expect(message.getJMSPriority()).toBe(9);
    expect(message.getJMSExpiration()).toBe(message.getJMSTimestamp() + 1000);
    expect(lastSent().timeToLiveMs).toBe(1000);
    expect(producer.getPriority()).toBe(4);
  });

  it("clears an expiration left on a re-sent message when the ttl is 0", async () => {
    const message = session.createMessage();
    await producer.send(message, DeliveryMode.PERSISTENT, 4, 1000);
    await producer.send(message);
    expect(message.getJMSExpiration()).toBe(0);
    expect(message.getJMSMessageID()).toBe(`${producer.id}-2`);
  });

  it.each([10, -1, 4.5, Number.NaN])("rejects priority %s with a JMSException", async (priority) => {
    expect(() => producer.setPriority(priority)).toThrow(JMSException);
    expect(() => producer.setPriority(priority)).toThrow(/priority must be an integer from 0 to 9/);
    await expect(producer.send(session.createMessage(), DeliveryMode.PERSISTENT, priority)).rejects.toThrow(
      JMSException,
    );
    expect(provider.sends).toHaveLength(0);
  });

  it.each([0, 3, 99])("rejects delivery mode %s with a JMSException", async (mode) => {
    expect(() => producer.setDeliveryMode(mode as DeliveryModeValue)).toThrow(JMSException);
    await expect(producer.send(session.createMessage(), mode as DeliveryModeValue)).rejects.toThrow(
      /delivery mode must be/,
    );
    expect(producer.getDeliveryMode()).toBe(DeliveryMode.PERSISTENT);
    expect(provider.sends).toHaveLength(0);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
    "setTimeToLive(%s) throws a JMSException",
    (ttl) => {
      expect(() => producer.setTimeToLive(ttl)).toThrow(JMSException);
      expect(() => producer.setTimeToLive(ttl)).toThrow(/time to live must be an integer >= 0 ms/);
      expect(producer.getTimeToLive()).toBe(0);
    },
  );

  it("send(message, mode, priority, ttl) rejects a negative or NaN time to live like setTimeToLive does", async () => {
    for (const ttl of [-1, Number.NaN]) {
      const message = session.createMessage();
      const error = await producer.send(message, DeliveryMode.PERSISTENT, 4, ttl).catch((e: unknown) => e);
      expect(error, `ttl ${ttl}`).toBeInstanceOf(JMSException);
    }
    expect(provider.sends.map((s) => s.options.timeToLiveMs)).toEqual([]);
  });

  it("send after close throws IllegalStateException and sends nothing", async () => {
    await producer.close();
    await expect(producer.send(session.createMessage())).rejects.toBeInstanceOf(IllegalStateException);
    expect(provider.producersDestroyed).toEqual([producer.id]);
    expect(provider.sends).toHaveLength(0);
  });

  it("send after the session or connection closed throws IllegalStateException", async () => {
    const message = session.createMessage();
    await session.close();
    await expect(producer.send(message)).rejects.toBeInstanceOf(IllegalStateException);
    expect(provider.producersDestroyed).toEqual([producer.id]);
  });

  it("close is idempotent and concurrent callers share one promise", async () => {
    const first = producer.close();
    const second = producer.close();
    expect(second).toBe(first);
    await first;
    await producer.close();
    await producer[Symbol.asyncDispose]();
    expect(provider.producersDestroyed).toEqual([producer.id]);
  });

  it("a provider send failure rejects with the mapped JMSException", async () => {
    provider.failNext(
      "send",
      new ProviderError("send-failed", "rejected", { condition: "amqp:precondition-failed" }),
    );
    const error = await producer.send(session.createMessage()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SendFailedException);
    expect((error as SendFailedException).errorCode).toBe("amqp:precondition-failed");
    await producer.send(session.createMessage());
    expect(provider.sends).toHaveLength(1);
  });

  it("send resolves only once the provider settles the send [CONVENTIONS 12]", async () => {
    let settle: (() => void) | undefined;
    provider.onSend = () => new Promise<void>((resolve) => (settle = resolve));
    const sending = producer.send(session.createMessage());
    expect(await isSettled(sending)).toBe(false);
    expect(provider.sends).toHaveLength(1);
    settle?.();
    expect(await isSettled(sending)).toBe(true);
    await sending;
  });
});

describe("[JMS 2.0 3.4.3, 3.4.4] disabling message ids and timestamps", () => {
  it("sends no JMSMessageID and no JMSTimestamp when disabled, and both again when re-enabled", async () => {
    const { provider, connection } = await connectMock();
    const session = await connection.createSession();
    const producer = await session.createProducer(session.createQueue("q"));
    producer.setDisableMessageID(true);
    producer.setDisableMessageTimestamp(true);
    const bare = session.createTextMessage("bare");
    await producer.send(bare);
    expect([bare.getJMSMessageID(), bare.getJMSTimestamp()]).toEqual([null, 0]);
    producer.setDisableMessageID(false);
    producer.setDisableMessageTimestamp(false);
    const full = session.createTextMessage("full");
    await producer.send(full);
    expect(full.getJMSMessageID()).toMatch(/-1$/);
    expect(full.getJMSTimestamp()).toBeGreaterThan(0);
    expect(provider.sends).toHaveLength(2);
    await connection.close();
  });
});
