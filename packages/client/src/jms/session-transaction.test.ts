import { afterEach, describe, expect, it } from "vitest";
import { connectMock, MOCK_URI, type MockProvider } from "../../test/support/mock-provider";
import { IllegalStateException, TransactionRolledBackException } from "../errors/exceptions";
import { ProviderError } from "../provider/provider-error";
import { TextMessage } from "../message/text-message";
import type { Connection } from "./connection";
import type { MessageConsumer } from "./message-consumer";
import { Session } from "./session";

let provider: MockProvider;
let connection: Connection;

afterEach(async () => {
  await connection.close();
});

async function open(): Promise<{ session: Session; consumer: MessageConsumer }> {
  ({ provider, connection } = await connectMock());
  const session = await connection.createSession(Session.SESSION_TRANSACTED);
  const consumer = await session.createConsumer(session.createQueue("q"));
  await connection.start();
  return { session, consumer };
}

describe("[JMS 2.0 6.2.7] transacted session over a mock provider", () => {
  it("creates a transacted provider session; producers and consumers are never presettled", async () => {
    ({ provider, connection } = await connectMock(`${MOCK_URI}?jms.presettlePolicy.presettleAll=true`));
    const session = await connection.createSession(true, Session.AUTO_ACKNOWLEDGE);
    expect(provider.transactedSessions).toEqual([session.id]);
    expect(session.getTransacted()).toBe(true);
    expect(session.getAcknowledgeMode()).toBe(0);
    await session.createProducer(session.createQueue("out"));
    await session.createConsumer(session.createQueue("in"));
    expect(provider.producersCreated[0]?.presettle).toBe(false);
    expect(provider.consumersCreated[0]?.presettle).toBeUndefined();
  });

  it("a received message is acked into the transaction at once; acknowledge() adds nothing", async () => {
    const { consumer } = await open();
    const delivery = provider.deliverText(consumer.id, "m");
    const message = await consumer.receive(1000);
    expect(provider.outcomeOf(delivery)).toBe("accepted");
    await message?.acknowledge();
    expect(provider.acks).toHaveLength(1);
  });

  it("a listener's message is acked before the listener runs, so a commit inside it covers the message", async () => {
    const { session, consumer } = await open();
    const seen: (string | undefined)[] = [];
    const delivery = provider.deliverText(consumer.id, "m");
    await new Promise<void>((resolve) => {
      consumer.setMessageListener(async () => {
        seen.push(provider.outcomeOf(delivery));
        await session.commit();
        resolve();
      });
    });
    expect(seen).toEqual(["accepted"]);
    expect(provider.transactionCalls).toEqual([{ sessionId: session.id, call: "commit" }]);
  });

  it("rollback takes back credit, releases what was prefetched, rolls back, then grants credit again", async () => {
    const { session, consumer } = await open();
    provider.deliverText(consumer.id, "handed out");
    const prefetched = provider.deliverText(consumer.id, "prefetched");
    expect(await consumer.receive(1000)).toBeInstanceOf(TextMessage);
    const startsBefore = provider.consumersStarted.length;
    await session.rollback();
    expect(provider.consumersStopped).toEqual([consumer.id]);
    expect(provider.outcomeOf(prefetched)).toBe("released");
    expect(provider.transactionCalls).toEqual([{ sessionId: session.id, call: "rollback" }]);
    expect(provider.consumersStarted.slice(startsBefore)).toEqual([consumer.id]);
    expect(await consumer.receiveNoWait()).toBeNull();
  });

  it("recover() on a transacted session throws IllegalStateException", async () => {
    const { session } = await open();
    await expect(session.recover()).rejects.toThrow(IllegalStateException);
    await expect(session.recover()).rejects.toThrow(/use rollback\(\)/);
  });

  it("commit and rollback on a session that is not transacted throw IllegalStateException", async () => {
    ({ provider, connection } = await connectMock());
    const session = await connection.createSession(Session.CLIENT_ACKNOWLEDGE);
    await expect(session.commit()).rejects.toThrow(
      "commit() called on a session that is not transacted; create it with Session.SESSION_TRANSACTED",
    );
    await expect(session.rollback()).rejects.toThrow(IllegalStateException);
    expect(provider.transactionCalls).toEqual([]);
  });

  it("a commit the provider reports rolled back is a TransactionRolledBackException", async () => {
    const { session } = await open();
    provider.failNext(
      "commit",
      new ProviderError("transaction-rolled-back", "rolled back", { condition: "amqp:transaction:rollback" }),
    );
    const failure = await session.commit().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(TransactionRolledBackException);
    expect((failure as TransactionRolledBackException).errorCode).toBe("amqp:transaction:rollback");
  });

  it("after the connection failed, commit says the broker rolled back; a closed session's commit says closed", async () => {
    const { session } = await open();
    provider.listener?.onConnectionFailure(new ProviderError("connection-failed", "socket closed"));
    await expect(session.commit()).rejects.toThrow(TransactionRolledBackException);
    expect(provider.transactionCalls).toEqual([]);
    const other = await connectMock();
    const closed = await other.connection.createSession(Session.SESSION_TRANSACTED);
    await closed.close();
    await expect(closed.commit()).rejects.toThrow(/closed/);
    await other.connection.close();
  });
});
