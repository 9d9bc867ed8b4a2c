import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connectMock, isSettled, type MockProvider } from "../../test/support/mock-provider";
import { IllegalStateException } from "../errors/exceptions";
import type { Message } from "../message/message";
import { TextMessage } from "../message/text-message";
import { ProviderError } from "../provider/provider-error";
import type { Connection } from "./connection";
import type { MessageConsumer } from "./message-consumer";
import type { Session } from "./session";

function textOf(message: Message | null): string | null {
  if (!(message instanceof TextMessage))
    throw new Error(`expected a TextMessage, got ${message === null ? "null" : message.constructor.name}`);
  return message.getText();
}

describe("[JMS 2.0 8] MessageConsumer over a mock provider", () => {
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

  it("hands messages out in arrival order", async () => {
    provider.deliverText(consumer.id, "1");
    provider.deliverText(consumer.id, "2");
    provider.deliverText(consumer.id, "3");
    expect(textOf(await consumer.receive(1000))).toBe("1");
    expect(textOf(await consumer.receiveNoWait())).toBe("2");
    expect(textOf(await consumer.receive())).toBe("3");
    expect(await consumer.receiveNoWait()).toBeNull();
  });

  it("a pending receive() gets the next message that arrives", async () => {
    const pending = consumer.receive();
    expect(await isSettled(pending)).toBe(false);
    provider.deliverText(consumer.id, "late");
    expect(textOf(await pending)).toBe("late");
  });

  it("receive(timeout) returns null once the timeout passes", async () => {
    const started = Date.now();
    expect(await consumer.receive(50)).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    // The timed-out wait must not swallow a later message.
    provider.deliverText(consumer.id, "after");
    expect(textOf(await consumer.receiveNoWait())).toBe("after");
  });

  it("receive with an already aborted signal returns null", async () => {
    expect(await consumer.receive(0, { signal: AbortSignal.abort() })).toBeNull();
  });

  it("aborting a pending receive resolves it with null and loses no message", async () => {
    const controller = new AbortController();
    const pending = consumer.receive(0, { signal: controller.signal });
    expect(await isSettled(pending)).toBe(false);
    controller.abort();
    expect(await pending).toBeNull();
    const delivery = provider.deliverText(consumer.id, "kept");
    expect(textOf(await consumer.receive(1000))).toBe("kept");
    expect(provider.acks).toEqual([{ delivery, outcome: "accepted" }]);
  });

  it("close resolves a pending receive() with null and later receives throw IllegalStateException", async () => {
    const pending = consumer.receive();
    await consumer.close();
    expect(await pending).toBeNull();
    await expect(consumer.receive(10)).rejects.toBeInstanceOf(IllegalStateException);
    await expect(consumer.receiveNoWait()).rejects.toBeInstanceOf(IllegalStateException);
    expect(provider.consumersDestroyed).toEqual([consumer.id]);
  });

  it("close releases buffered, never-delivered messages", async () => {
    const taken = provider.deliverText(consumer.id, "taken");
    const b1 = provider.deliverText(consumer.id, "b1");
    const b2 = provider.deliverText(consumer.id, "b2");
    await consumer.receive(1000);
    await consumer.close();
    expect(provider.acks).toEqual([
      { delivery: taken, outcome: "accepted" },
      { delivery: b1, outcome: "released" },
      { delivery: b2, outcome: "released" },
    ]);
  });

  it("a delivery arriving after close is released (the connection no longer routes to it)", async () => {
    await consumer.close();
    const late = provider.deliverText(consumer.id, "late");
    expect(provider.acks).toEqual([{ delivery: late, outcome: "released" }]);
  });

  it("a delivery for an unknown consumer is released", () => {
    const stray = provider.deliverText("ID:nobody:1:1:9", "stray");
    expect(provider.acks).toEqual([{ delivery: stray, outcome: "released" }]);
  });

  it("tells the provider when the application took a message (credit top-up)", async () => {
    const delivery = provider.deliverText(consumer.id, "x");
    expect(provider.delivered).toEqual([]);
    await consumer.receive(1000);
    expect(provider.delivered).toEqual([delivery]);
  });

  it("is an async iterable that ends when the consumer closes", async () => {
    provider.deliverText(consumer.id, "a");
    provider.deliverText(consumer.id, "b");
    const seen: Array<string | null> = [];
    for await (const message of consumer) {
      seen.push(textOf(message));
      if (seen.length === 2) void consumer.close();
    }
    expect(seen).toEqual(["a", "b"]);
  });

  it("close is idempotent, concurrent calls share one promise, and Symbol.asyncDispose closes", async () => {
    const first = consumer.close();
    expect(consumer.close()).toBe(first);
    await first;
    await consumer[Symbol.asyncDispose]();
    expect(provider.consumersDestroyed).toEqual([consumer.id]);
    const other = await session.createConsumer(session.createQueue("other"));
    await other[Symbol.asyncDispose]();
    expect(provider.consumersDestroyed).toEqual([consumer.id, other.id]);
  });

  it("a remotely closed consumer resolves its pending receive with null", async () => {
    const pending = consumer.receive();
    provider.remoteClose("consumer", consumer.id, new ProviderError("general", "detached by broker"));
    expect(await pending).toBeNull();
    await expect(consumer.receive(10)).rejects.toBeInstanceOf(IllegalStateException);
  });
});
