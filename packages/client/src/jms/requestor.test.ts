import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connectMock, isSettled, type MockProvider } from "../../test/support/mock-provider";
import { IllegalStateException } from "../errors/exceptions";
import type { TextMessage } from "../message/text-message";
import type { Connection } from "./connection";
import { TemporaryQueue, TemporaryTopic } from "./destinations";
import { QueueRequestor, TopicRequestor } from "./requestor";

let provider: MockProvider;
let connection: Connection;

beforeEach(async () => {
  ({ provider, connection } = await connectMock());
  await connection.start();
});

afterEach(async () => {
  await connection.close();
});

/** Waits until the request is on the wire and returns its JMSMessageID and the reply consumer's id. */
async function sentRequest(count = 1): Promise<{ id: string; replyConsumer: string; replyTo: unknown }> {
  for (let turns = 0; provider.sends.length < count && turns < 100; turns++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  const send = provider.sends[count - 1];
  if (!send) throw new Error(`request #${count} was not sent`);
  const replyConsumer = provider.consumersCreated[0]?.id ?? "";
  return { id: send.facade.getMessageId() ?? "", replyConsumer, replyTo: send.facade.getReplyTo() };
}

describe("QueueRequestor / TopicRequestor (JMS request/reply)", () => {
  it("sends with a temporary queue as JMSReplyTo and resolves the reply correlated to the request", async () => {
    const session = await connection.createSession();
    const requestor = new QueueRequestor(session, session.createQueue("service"));
    const request = session.createTextMessage("2+2?");
    const replying = requestor.request(request, 5000);
    const { id, replyConsumer, replyTo } = await sentRequest();
    expect(replyTo).toBeInstanceOf(TemporaryQueue);
    expect(provider.producersCreated[0]?.destination?.address).toBe("service");
    expect(provider.consumersCreated[0]?.destination).toBe(replyTo);
    // A stale reply to some earlier request is skipped.
    provider.deliverText(replyConsumer, "stale", { correlationId: "ID:other" });
    expect(await isSettled(replying)).toBe(false);
    provider.deliverText(replyConsumer, "4", { correlationId: id });
    const reply = await replying;
    expect((reply as TextMessage).getText()).toBe("4");
  });

  it("resolves null when no reply comes within the timeout, or when the signal aborts", async () => {
    const session = await connection.createSession();
    const requestor = new QueueRequestor(session, session.createQueue("service"));
    expect(await requestor.request(session.createMessage(), 20)).toBeNull();
    const abort = new AbortController();
    const pending = requestor.request(session.createMessage(), 0, { signal: abort.signal });
    await sentRequest(2);
    abort.abort();
    expect(await pending).toBeNull();
  });

  it("a TopicRequestor replies through a temporary topic", async () => {
    const session = await connection.createSession();
    const requestor = new TopicRequestor(session, session.createTopic("prices"));
    const replying = requestor.request(session.createMessage(), 5000);
    const { id, replyConsumer, replyTo } = await sentRequest();
    expect(replyTo).toBeInstanceOf(TemporaryTopic);
    provider.deliverText(replyConsumer, "42", { correlationId: id });
    expect(await replying).not.toBeNull();
  });

  it("close() deletes the temporary queue and closes the session, as JMS's requestors do", async () => {
    const session = await connection.createSession();
    const requestor = new QueueRequestor(session, session.createQueue("service"));
    const message = session.createMessage();
    expect(await requestor.request(message, 10)).toBeNull();
    await requestor.close();
    expect(provider.temporariesDeleted).toHaveLength(1);
    expect(provider.sessionsDestroyed).toEqual([session.id]);
    await expect(requestor.request(message)).rejects.toBeInstanceOf(IllegalStateException);
  });
});
