import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connectMock, isSettled, type MockProvider } from "../../test/support/mock-provider";
import { IllegalStateException } from "../errors/exceptions";
import type { JMSException } from "../errors/jms-exception";
import type { Message } from "../message/message";
import { TextMessage } from "../message/text-message";
import type { Connection } from "./connection";
import type { MessageConsumer } from "./message-consumer";
import { Session } from "./session";

function textOf(message: Message): string | null {
  if (!(message instanceof TextMessage))
    throw new Error(`expected a TextMessage, got ${message.constructor.name}`);
  return message.getText();
}

/** A promise with its resolve, for listeners the test holds open. */
function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Resolves once `count` values were pushed to the returned array (bounded: rejects after 2 s). */
function collector<T>(count: number): { seen: T[]; push: (value: T) => void; done: Promise<T[]> } {
  const seen: T[] = [];
  const all = deferred<T[]>();
  const timer = setTimeout(() => all.resolve(seen), 2000);
  return {
    seen,
    push: (value) => {
      seen.push(value);
      if (seen.length === count) {
        clearTimeout(timer);
        all.resolve(seen);
      }
    },
    done: all.promise,
  };
}

describe("[JMS 2.0 8.7] MessageConsumer.setMessageListener over a mock provider", () => {
  let provider: MockProvider;
  let connection: Connection;
  let session: Session;
  let consumer: MessageConsumer;

  beforeEach(async () => {
    ({ provider, connection } = await connectMock());
    session = await connection.createSession();
    consumer = await session.createConsumer(session.createQueue("orders"));
    await connection.start();
  });

  afterEach(async () => {
    await connection.close();
  });

  it("delivers in order to a sync listener and accepts each message after the listener returns", async () => {
    const got = collector<string | null>(3);
    consumer.setMessageListener((message) => got.push(textOf(message)));
    expect(consumer.getMessageListener()).not.toBeNull();
    const deliveries = ["1", "2", "3"].map((t) => provider.deliverText(consumer.id, t));
    expect(await got.done).toEqual(["1", "2", "3"]);
    await session.close();
    expect(provider.acks.slice(0, 3)).toEqual(
      deliveries.map((delivery) => ({ delivery, outcome: "accepted" })),
    );
  });

  it("[CONVENTIONS 14] AUTO_ACKNOWLEDGE accepts only once the listener's promise resolves, and the next message waits for it", async () => {
    const hold = deferred();
    const got = collector<string | null>(2);
    consumer.setMessageListener(async (message) => {
      got.push(textOf(message));
      if (got.seen.length === 1) await hold.promise;
    });
    const first = provider.deliverText(consumer.id, "first");
    provider.deliverText(consumer.id, "second");
    expect(await isSettled(got.done)).toBe(false);
    expect(got.seen).toEqual(["first"]);
    expect(provider.acks).toEqual([]);
    hold.resolve();
    expect(await got.done).toEqual(["first", "second"]);
    expect(provider.acks[0]).toEqual({ delivery: first, outcome: "accepted" });
  });

  it("[JMS 2.0 6.2.1] delivery is serial per session: two consumers' listeners never overlap, and go in arrival order", async () => {
    const other = await session.createConsumer(session.createQueue("invoices"));
    const order: string[] = [];
    let running = 0;
    let overlapped = false;
    const got = collector<string>(4);
    const listener = async (message: Message) => {
      running++;
      if (running > 1) overlapped = true;
      order.push(`start ${textOf(message)}`);
      await new Promise<void>((resolve) => setImmediate(resolve));
      order.push(`end ${textOf(message)}`);
      running--;
      got.push(String(textOf(message)));
    };
    consumer.setMessageListener(listener);
    other.setMessageListener({ onMessage: listener });
    provider.deliverText(consumer.id, "a1");
    provider.deliverText(other.id, "b1");
    provider.deliverText(consumer.id, "a2");
    provider.deliverText(other.id, "b2");
    expect(await got.done).toEqual(["a1", "b1", "a2", "b2"]);
    expect(overlapped).toBe(false);
    expect(order).toEqual([
      "start a1",
      "end a1",
      "start b1",
      "end b1",
      "start a2",
      "end a2",
      "start b2",
      "end b2",
    ]);
  });

  it("[JMS 2.0 8.7] a throwing listener: the ExceptionListener hears it and, in AUTO mode, the message comes again redelivered", async () => {
    const errors: JMSException[] = [];
    connection.setExceptionListener((e) => errors.push(e));
    const got = collector<[boolean, number]>(2);
    consumer.setMessageListener((message) => {
      got.push([message.getJMSRedelivered(), message.getIntProperty("JMSXDeliveryCount")]);
      if (got.seen.length === 1) throw new Error("listener bug");
    });
    const delivery = provider.deliverText(consumer.id, "poison?");
    expect(await got.done).toEqual([
      [false, 1],
      [true, 2],
    ]);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toContain("listener bug");
    await session.close();
    expect(provider.acks).toEqual([{ delivery, outcome: "accepted" }]);
  });

  it("a rejecting async listener is reported too, never as an unhandled rejection", async () => {
    const reported = deferred<JMSException>();
    connection.setExceptionListener((e) => reported.resolve(e));
    consumer.setMessageListener(() => {
      consumer.setMessageListener(null);
      return Promise.reject(new Error("async failure"));
    });
    provider.deliverText(consumer.id, "x");
    expect((await reported.promise).message).toContain("async failure");
  });

  it("[JMS 2.0 4.4.14] receive() on a session with a listener throws IllegalStateException", async () => {
    const other = await session.createConsumer(session.createQueue("invoices"));
    consumer.setMessageListener(() => undefined);
    await expect(consumer.receive(10)).rejects.toBeInstanceOf(IllegalStateException);
    await expect(consumer.receiveNoWait()).rejects.toBeInstanceOf(IllegalStateException);
    await expect(other.receive(10)).rejects.toBeInstanceOf(IllegalStateException);
  });

  it("setMessageListener(null) stops listener delivery: later messages wait for receive()", async () => {
    const got = collector<string | null>(1);
    consumer.setMessageListener((message) => got.push(textOf(message)));
    provider.deliverText(consumer.id, "to listener");
    await got.done;
    consumer.setMessageListener(null);
    expect(consumer.getMessageListener()).toBeNull();
    provider.deliverText(consumer.id, "to receive");
    const received = await consumer.receive(1000);
    expect(received && textOf(received)).toBe("to receive");
    expect(got.seen).toEqual(["to listener"]);
  });

  it("a listener can be replaced: later messages go to the new one", async () => {
    const first = collector<string | null>(1);
    const second = collector<string | null>(1);
    consumer.setMessageListener((message) => {
      first.push(textOf(message));
      consumer.setMessageListener((next) => second.push(textOf(next)));
    });
    provider.deliverText(consumer.id, "to the first");
    provider.deliverText(consumer.id, "to the second");
    expect(await first.done).toEqual(["to the first"]);
    expect(await second.done).toEqual(["to the second"]);
  });

  it("rejects a listener that is neither a function nor an object with onMessage", () => {
    expect(() => consumer.setMessageListener({} as never)).toThrow(/MessageListener must be a function/);
  });

  it("[JMS 2.0 6.1.5] stop() waits for the running listener and pauses delivery; start() resumes it", async () => {
    const hold = deferred();
    const got = collector<string | null>(2);
    consumer.setMessageListener(async (message) => {
      got.push(textOf(message));
      if (got.seen.length === 1) await hold.promise;
    });
    provider.deliverText(consumer.id, "1");
    provider.deliverText(consumer.id, "2");
    await new Promise<void>((resolve) => setImmediate(resolve));
    const stopping = connection.stop();
    expect(await isSettled(stopping)).toBe(false);
    hold.resolve();
    await stopping;
    expect(got.seen).toEqual(["1"]);
    expect(await isSettled(got.done)).toBe(false);
    await connection.start();
    expect(await got.done).toEqual(["1", "2"]);
  });

  it("[JMS 2.0 6.1.8] close() waits for a running listener, which still acknowledges", async () => {
    const hold = deferred();
    const entered = deferred();
    consumer.setMessageListener(async () => {
      entered.resolve();
      await hold.promise;
    });
    const delivery = provider.deliverText(consumer.id, "1");
    await entered.promise;
    const closing = connection.close();
    expect(await isSettled(closing)).toBe(false);
    hold.resolve();
    await closing;
    expect(provider.acks[0]).toEqual({ delivery, outcome: "accepted" });
    expect(provider.calls.indexOf("acknowledge:accepted")).toBeLessThan(
      provider.calls.indexOf("destroyConsumer"),
    );
  });

  it("[JMS 2.0 6.1.5, 6.1.8] a listener calling stop() or close() on its own connection or session gets IllegalStateException", async () => {
    const results = deferred<unknown[]>();
    consumer.setMessageListener(async () => {
      results.resolve(
        await Promise.all([
          connection.stop().catch((e: unknown) => e),
          connection.close().catch((e: unknown) => e),
          session.close().catch((e: unknown) => e),
        ]),
      );
    });
    provider.deliverText(consumer.id, "1");
    const [stop, close, sessionClose] = await results.promise;
    expect(stop).toBeInstanceOf(IllegalStateException);
    expect(close).toBeInstanceOf(IllegalStateException);
    expect(sessionClose).toBeInstanceOf(IllegalStateException);
    expect(String((close as Error).message)).toMatch(/must not close its own connection/);
  });

  it("[JMS 2.0 6.1.5] a plain (not async) listener calling stop() gets IllegalStateException too", async () => {
    const result = deferred<unknown>();
    consumer.setMessageListener(() => {
      connection.stop().then(result.resolve, result.resolve);
    });
    provider.deliverText(consumer.id, "1");
    expect(await result.promise).toBeInstanceOf(IllegalStateException);
  });

  it("a plain listener that returned a promise has its awaits followed from its next message on", async () => {
    const stopped = deferred<unknown>();
    let calls = 0;
    consumer.setMessageListener(() => {
      calls++;
      // The first call is taken for a synchronous listener; its promise teaches the consumer otherwise.
      if (calls === 1) return Promise.resolve();
      return Promise.resolve().then(async () => {
        stopped.resolve(await connection.stop().catch((e: unknown) => e));
      });
    });
    provider.deliverText(consumer.id, "1");
    provider.deliverText(consumer.id, "2");
    expect(await stopped.promise).toBeInstanceOf(IllegalStateException);
  });

  it("[JMS 2.0 8.8] a listener may close its own consumer without waiting for itself; its message is still accepted", async () => {
    const closed = deferred();
    consumer.setMessageListener(async () => {
      await consumer.close();
      closed.resolve();
    });
    const delivery = provider.deliverText(consumer.id, "last");
    const buffered = provider.deliverText(consumer.id, "never");
    await closed.promise;
    await session.close();
    expect(provider.outcomeOf(delivery)).toBe("accepted");
    expect(provider.outcomeOf(buffered)).toBe("released");
    expect(provider.consumersDestroyed).toEqual([consumer.id]);
  });

  it("session.close() waits for its running listener", async () => {
    const hold = deferred();
    const entered = deferred();
    consumer.setMessageListener(async () => {
      entered.resolve();
      await hold.promise;
    });
    provider.deliverText(consumer.id, "1");
    await entered.promise;
    const closing = session.close();
    expect(await isSettled(closing)).toBe(false);
    hold.resolve();
    await closing;
  });

  it("CLIENT_ACKNOWLEDGE: a listener's messages wait for acknowledge()", async () => {
    const clientSession = await connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
    const clientConsumer = await clientSession.createConsumer(clientSession.createQueue("c"));
    const got = collector<Message>(2);
    clientConsumer.setMessageListener((message) => got.push(message));
    const deliveries = [
      provider.deliverText(clientConsumer.id, "1"),
      provider.deliverText(clientConsumer.id, "2"),
    ];
    const [, second] = await got.done;
    expect(provider.acks).toEqual([]);
    await second?.acknowledge();
    expect(provider.acks).toEqual(deliveries.map((delivery) => ({ delivery, outcome: "accepted" })));
  });
});
