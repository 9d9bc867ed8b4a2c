import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { connectMock, isSettled, MOCK_URI, type MockProvider } from "../../test/support/mock-provider";
import type { MemoryMessageFacade } from "../../test/support/memory-facade";
import {
  IllegalStateException,
  InvalidDestinationException,
  SendFailedException,
  UnsupportedOperationException,
} from "../errors/exceptions";
import { JMSException } from "../errors/jms-exception";
import { DeliveryMode, type DeliveryModeValue } from "../message/delivery-mode";
import { ProviderError } from "../provider/provider-error";
import type { Connection } from "./connection";
import type { TextMessage } from "../message/text-message";
import type { CompletionListener, MessageProducer } from "./message-producer";
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
      {
        id: producer.id,
        sessionId: session.id,
        destination: session.createQueue("orders"),
        presettle: false,
        windowBytes: 1024 * 1024,
      },
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

describe("[JMS 2.0 7] sending: overloads, anonymous producers, delivery delay and async sends", () => {
  let provider: MockProvider;
  let connection: Connection;
  let session: Session;

  async function open(uri?: string, username?: string): Promise<void> {
    ({ provider, connection } = await connectMock(uri, username === undefined ? {} : { username }));
    session = await connection.createSession();
  }

  afterEach(async () => {
    await connection.close();
  });

  /** Holds every send's settlement until the test settles it. */
  function holdSends(): Array<{ resolve(): void; reject(error: unknown): void }> {
    const held: Array<{ resolve(): void; reject(error: unknown): void }> = [];
    provider.onSend = () => new Promise<void>((resolve, reject) => held.push({ resolve, reject }));
    return held;
  }

  function recorder(): { events: string[]; listener: CompletionListener } {
    const events: string[] = [];
    return {
      events,
      listener: {
        onCompletion: (m) => events.push(`done:${(m as TextMessage).getText()}`),
        onException: (m, e) => events.push(`failed:${(m as TextMessage).getText()}:${e.name}`),
      },
    };
  }

  it("[JMS 2.0 7.9] a delivery delay sets JMSDeliveryTime = JMSTimestamp + delay and asks the provider for it", async () => {
    await open();
    const producer = await session.createProducer(session.createQueue("q"));
    expect(producer.getDeliveryDelay()).toBe(0);
    producer.setDeliveryDelay(5000);
    const delayed = session.createMessage();
    await producer.send(delayed);
    expect(delayed.getJMSDeliveryTime()).toBe(delayed.getJMSTimestamp() + 5000);
    expect(provider.sends.at(-1)?.options.deliveryDelayMs).toBe(5000);
    expect((provider.sends.at(-1)?.facade as MemoryMessageFacade).deliveryTime).toBe(
      delayed.getJMSTimestamp() + 5000,
    );
    producer.setDeliveryDelay(0);
    const plain = session.createMessage();
    await producer.send(plain);
    expect(plain.getJMSDeliveryTime()).toBe(plain.getJMSTimestamp());
    expect((provider.sends.at(-1)?.facade as MemoryMessageFacade).deliveryTime).toBe(0);
    expect(provider.sends.at(-1)?.options.deliveryDelayMs).toBeUndefined();
    expect(() => producer.setDeliveryDelay(-1)).toThrow(/delivery delay must be an integer >= 0 ms/);
  });

  it("[JMS 2.0 7.2] an anonymous producer (createProducer(null)) sends to the destination each send names", async () => {
    await open();
    const producer = await session.createProducer(null);
    expect(producer.getDestination()).toBeNull();
    expect(provider.producersCreated.at(-1)?.destination).toBeNull();
    const queue = session.createQueue("a");
    const topic = session.createTopic("b");
    const first = session.createMessage();
    const second = session.createMessage();
    await producer.send(queue, first);
    await producer.send(topic, second, DeliveryMode.NON_PERSISTENT, 7, 1000);
    expect(first.getJMSDestination()).toBe(queue);
    expect(second.getJMSDestination()).toBe(topic);
    expect(second.getJMSPriority()).toBe(7);
    expect(provider.sends.map((s) => s.options.destination)).toEqual([queue, topic]);
    const undefinedToo = await session.createProducer(undefined);
    expect(undefinedToo.getDestination()).toBeNull();
  });

  it("anonymous producer: send(message) is UnsupportedOperationException, send(null, message) InvalidDestinationException", async () => {
    await open();
    const producer = await session.createProducer(null);
    await expect(producer.send(session.createMessage())).rejects.toBeInstanceOf(
      UnsupportedOperationException,
    );
    await expect(producer.send(null, session.createMessage())).rejects.toBeInstanceOf(
      InvalidDestinationException,
    );
    await expect(producer.sendWithOptions(null, session.createMessage())).rejects.toThrow(
      /needs a destination for each send/,
    );
    expect(provider.sends).toHaveLength(0);
  });

  it("an anonymous send to a deleted temporary queue throws IllegalStateException", async () => {
    await open();
    const producer = await session.createProducer(null);
    const temporary = await session.createTemporaryQueue();
    await temporary.delete();
    await expect(producer.send(temporary, session.createMessage())).rejects.toBeInstanceOf(
      IllegalStateException,
    );
    expect(provider.sends).toHaveLength(0);
  });

  it("a producer with a destination refuses send(destination, message) with UnsupportedOperationException", async () => {
    await open();
    const producer = await session.createProducer(session.createQueue("fixed"));
    const error = await producer
      .send(session.createQueue("other"), session.createMessage())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedOperationException);
    expect(error).toBeInstanceOf(JMSException);
    expect((error as Error).message).toMatch(/sends to queue:\/\/fixed.*createProducer\(null\)/);
    await producer.sendWithOptions(null, session.createMessage(), { priority: 1 });
    expect(provider.sends).toHaveLength(1);
  });

  it("sendWithOptions overrides for one send and leaves the producer's defaults alone", async () => {
    await open();
    const producer = await session.createProducer(session.createQueue("q"));
    const message = session.createMessage();
    await producer.sendWithOptions(null, message, {
      priority: 0,
      timeToLive: 2000,
      deliveryDelay: 100,
      disableMessageID: true,
      disableMessageTimestamp: true,
    });
    expect(message.getJMSMessageID()).toBeNull();
    expect(message.getJMSTimestamp()).toBe(0);
    expect(message.getJMSPriority()).toBe(0);
    expect(message.getJMSDeliveryTime()).toBeGreaterThan(0);
    expect(provider.sends.at(-1)?.options).toMatchObject({ timeToLiveMs: 2000, deliveryDelayMs: 100 });
    expect([producer.getPriority(), producer.getTimeToLive(), producer.getDeliveryDelay()]).toEqual([
      4, 0, 0,
    ]);
    expect(producer.getDisableMessageID()).toBe(false);
  });

  it("[qpid-jms 4] a NON_PERSISTENT send resolves once written; a PERSISTENT one waits for the broker", async () => {
    await open();
    const producer = await session.createProducer(session.createQueue("q"));
    const held = holdSends();
    const nonPersistent = producer.send(session.createMessage(), DeliveryMode.NON_PERSISTENT);
    expect(await isSettled(nonPersistent)).toBe(true);
    const persistent = producer.send(session.createMessage());
    expect(await isSettled(persistent)).toBe(false);
    held.forEach((h) => h.resolve());
    await persistent;
  });

  it("jms.forceSyncSend makes NON_PERSISTENT sends wait; jms.forceAsyncSend lets PERSISTENT ones go at write", async () => {
    await open(`${MOCK_URI}?jms.forceSyncSend=true`);
    let producer = await session.createProducer(session.createQueue("q"));
    let held = holdSends();
    const waiting = producer.send(session.createMessage(), DeliveryMode.NON_PERSISTENT);
    expect(await isSettled(waiting)).toBe(false);
    held[0]?.resolve();
    await waiting;
    await connection.close();

    await open(`${MOCK_URI}?jms.forceAsyncSend=true`);
    producer = await session.createProducer(session.createQueue("q"));
    held = holdSends();
    expect(await isSettled(producer.send(session.createMessage()))).toBe(true);
    held[0]?.resolve();
  });

  it("an asynchronous send that fails after it was written reaches the ExceptionListener", async () => {
    await open();
    const heard: JMSException[] = [];
    connection.setExceptionListener((e) => heard.push(e));
    const producer = await session.createProducer(session.createQueue("q"));
    const held = holdSends();
    await producer.send(session.createMessage(), DeliveryMode.NON_PERSISTENT);
    held[0]?.reject(new ProviderError("send-failed", "delivery failed: released by the broker"));
    await vi.waitFor(() => expect(heard).toHaveLength(1));
    expect(heard[0]).toBeInstanceOf(SendFailedException);
  });

  it("[JMS 2.0 7.3] CompletionListener callbacks come in send order, even when a later send settles first", async () => {
    await open();
    const producer = await session.createProducer(session.createQueue("q"));
    const held = holdSends();
    const { events, listener } = recorder();
    await producer.send(session.createTextMessage("one"), listener);
    await producer.send(session.createTextMessage("two"), DeliveryMode.PERSISTENT, 4, 0, listener);
    await producer.send(session.createTextMessage("three"), listener);
    expect(events).toEqual([]);
    held[2]?.resolve();
    held[1]?.reject(new ProviderError("send-failed", "rejected", { condition: "amqp:precondition-failed" }));
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(events).toEqual([]);
    held[0]?.resolve();
    await vi.waitFor(() => expect(events).toHaveLength(3));
    expect(events).toEqual(["done:one", "failed:two:SendFailedException", "done:three"]);
  });

  it("a send with a CompletionListener on a closed producer rejects and never calls the listener", async () => {
    await open();
    const producer = await session.createProducer(session.createQueue("q"));
    await producer.close();
    const { events, listener } = recorder();
    await expect(producer.send(session.createTextMessage("late"), listener)).rejects.toBeInstanceOf(
      IllegalStateException,
    );
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(events).toEqual([]);
  });

  it("a send the provider refuses before writing rejects the caller, not the CompletionListener", async () => {
    await open();
    const producer = await session.createProducer(session.createQueue("q"));
    provider.failNext("send", "resource-allocation");
    const { events, listener } = recorder();
    const first = producer.send(session.createTextMessage("refused"), listener);
    await expect(first).rejects.toThrow(/mock send failed/);
    await producer.send(session.createTextMessage("next"), listener);
    await vi.waitFor(() => expect(events).toEqual(["done:next"]));
  });

  it("[JMS 2.0 7.3.7] close waits for the producer's incomplete asynchronous sends", async () => {
    await open();
    const producer = await session.createProducer(session.createQueue("q"));
    const held = holdSends();
    const { events, listener } = recorder();
    await producer.send(session.createTextMessage("pending"), listener);
    const closing = producer.close();
    expect(await isSettled(closing)).toBe(false);
    held[0]?.resolve();
    await closing;
    expect(events).toEqual(["done:pending"]);
  });

  it("close stops waiting for incomplete asynchronous sends after jms.closeTimeout", async () => {
    await open(`${MOCK_URI}?jms.closeTimeout=50`);
    const producer = await session.createProducer(session.createQueue("q"));
    holdSends();
    await producer.send(session.createTextMessage("never settled"), recorder().listener);
    const started = Date.now();
    await producer.close();
    expect(Date.now() - started).toBeGreaterThanOrEqual(40);
    expect(provider.producersDestroyed).toEqual([producer.id]);
  });

  it("passes jms.sendTimeout to the provider as the send's timeout", async () => {
    await open(`${MOCK_URI}?jms.sendTimeout=250`);
    const producer = await session.createProducer(session.createQueue("q"));
    await producer.send(session.createMessage());
    expect(provider.sends[0]?.options.timeoutMs).toBe(250);
  });

  it("jms.populateJMSXUserID puts the authenticated user name in JMSXUserID", async () => {
    await open(`${MOCK_URI}?jms.populateJMSXUserID=true`, "alice");
    const producer = await session.createProducer(session.createQueue("q"));
    const message = session.createMessage();
    await producer.send(message);
    expect(message.getStringProperty("JMSXUserID")).toBe("alice");
  });

  it("[qpid-jms 2.12] jms.presettlePolicy decides which producers attach presettled", async () => {
    await open(`${MOCK_URI}?jms.presettlePolicy.presettleTopicProducers=true&jms.producerWindowBytes=4096`);
    await session.createProducer(session.createQueue("q"));
    await session.createProducer(session.createTopic("t"));
    await session.createProducer(null);
    expect(provider.producersCreated.map((p) => [p.presettle, p.windowBytes])).toEqual([
      [false, 4096],
      [true, 4096],
      [false, 4096],
    ]);
    await connection.close();
    await open(`${MOCK_URI}?jms.presettlePolicy.presettleProducers=true`);
    await session.createProducer(null);
    expect(provider.producersCreated.at(-1)?.presettle).toBe(true);
  });
});
