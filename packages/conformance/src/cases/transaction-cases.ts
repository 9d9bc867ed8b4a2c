import {
  IllegalStateException,
  JMSContext,
  type MessageConsumer,
  Session,
  type TextMessage,
} from "@jms-ts/client";
import type { ConformanceCase } from "../harness/conformance-case";
import { describeError, expectEqual, expectTrue, present, RECEIVE_MS, textOf } from "./assert";
import { runKillChild } from "./tx-kill";
import { openContext } from "./context-cases";

/** How long a consumer waits to show that an uncommitted or rolled-back message does NOT come. */
const ABSENT_MS = 1_000;

async function texts(consumer: MessageConsumer, count: number, what: string): Promise<(string | null)[]> {
  const result: (string | null)[] = [];
  for (let i = 0; i < count; i++)
    result.push(textOf(await consumer.receive(RECEIVE_MS), `${what} #${i + 1}`));
  return result;
}

/** Local transactions [JMS 2.0 6.2.7]: an AMQP transaction coordinator per transacted session. */
export const transactionCases: ConformanceCase[] = [
  {
    id: "transaction.send-invisible-until-commit",
    title: "a transacted session's sends reach consumers only at commit, in order [JMS 2.0 6.2.7]",
    requires: ["queues", "transactions"],
    async run(ctx) {
      const connection = await ctx.connect();
      const session = await connection.createSession(true, Session.SESSION_TRANSACTED);
      expectTrue(session.getTransacted(), "getTransacted() of createSession(true, 0)");
      expectEqual(session.getAcknowledgeMode(), Session.SESSION_TRANSACTED, "getAcknowledgeMode()");
      const queue = session.createQueue(ctx.queueName("commit-send"));
      const producer = await session.createProducer(queue);
      for (const body of ["one", "two", "three"]) await producer.send(session.createTextMessage(body));
      const consumer = await (await connection.createSession()).createConsumer(queue);
      expectEqual(await consumer.receive(ABSENT_MS), null, "a message before commit");
      await session.commit();
      expectEqual(await texts(consumer, 3, "after commit"), ["one", "two", "three"], "after commit");
    },
  },
  {
    id: "transaction.rollback-discards-sends",
    title:
      "rollback discards the transaction's sends; the next transaction's commit delivers [JMS 2.0 6.2.7]",
    requires: ["queues", "transactions"],
    async run(ctx) {
      const connection = await ctx.connect();
      const session = await connection.createSession(Session.SESSION_TRANSACTED);
      const queue = session.createQueue(ctx.queueName("rollback-send"));
      const producer = await session.createProducer(queue);
      await producer.send(session.createTextMessage("discarded-1"));
      await producer.send(session.createTextMessage("discarded-2"));
      await session.rollback();
      await producer.send(session.createTextMessage("kept"));
      await session.commit();
      const consumer = await (await connection.createSession()).createConsumer(queue);
      expectEqual(
        textOf(await consumer.receive(RECEIVE_MS), "the committed message"),
        "kept",
        "first message",
      );
      expectEqual(await consumer.receive(ABSENT_MS), null, "a rolled-back message");
    },
  },
  {
    id: "transaction.receive-rollback-redelivers",
    title: "messages received in a rolled-back transaction come again with JMSRedelivered [JMS 2.0 6.2.7]",
    requires: ["queues", "transactions", "redelivery"],
    async run(ctx) {
      const connection = await ctx.connect();
      const plain = await connection.createSession();
      const queue = plain.createQueue(ctx.queueName("rollback-receive"));
      const producer = await plain.createProducer(queue);
      for (const body of ["a", "b"]) await producer.send(plain.createTextMessage(body));
      const session = await connection.createSession(Session.SESSION_TRANSACTED);
      const consumer = await session.createConsumer(queue);
      const first = [await consumer.receive(RECEIVE_MS), await consumer.receive(RECEIVE_MS)];
      expectEqual(
        first.map((m) => textOf(m, "first delivery")),
        ["a", "b"],
        "first delivery",
      );
      expectEqual(
        first.map((m) => m?.getJMSRedelivered()),
        [false, false],
        "JMSRedelivered on first delivery",
      );
      await session.rollback();
      const again = [await consumer.receive(RECEIVE_MS), await consumer.receive(RECEIVE_MS)];
      expectEqual(
        again.map((m) => textOf(m, "redelivery")),
        ["a", "b"],
        "redelivered, in order",
      );
      expectEqual(
        again.map((m) => m?.getJMSRedelivered()),
        [true, true],
        "JMSRedelivered after rollback",
      );
      await session.commit();
      await session.close();
      const after = await plain.createConsumer(queue);
      expectEqual(
        await after.receive(ABSENT_MS),
        null,
        "a message after the receiving transaction committed",
      );
    },
  },
  {
    id: "transaction.commit-consumes",
    title:
      "a committed receive is consumed; an open one is given back when the session closes [JMS 2.0 6.2.7]",
    requires: ["queues", "transactions"],
    async run(ctx) {
      const connection = await ctx.connect();
      const plain = await connection.createSession();
      const queue = plain.createQueue(ctx.queueName("commit-receive"));
      const producer = await plain.createProducer(queue);
      for (const body of ["consumed", "returned"]) await producer.send(plain.createTextMessage(body));
      const session = await connection.createSession(Session.SESSION_TRANSACTED);
      const consumer = await session.createConsumer(queue);
      expectEqual(textOf(await consumer.receive(RECEIVE_MS), "first"), "consumed", "first");
      await session.commit();
      expectEqual(textOf(await consumer.receive(RECEIVE_MS), "second"), "returned", "second");
      // Closing a session with an open transaction rolls it back [JMS 2.0 6.2.7].
      await session.close();
      const after = await plain.createConsumer(queue);
      const back = present(await after.receive(RECEIVE_MS), "the uncommitted message after close");
      expectEqual((back as TextMessage).getText(), "returned", "the uncommitted message");
      expectEqual(await after.receive(ABSENT_MS), null, "the committed message again");
    },
  },
  {
    id: "transaction.two-queues",
    title:
      "one transaction spans a receive from one queue and a send to another: both or neither [JMS 2.0 6.2.7]",
    requires: ["queues", "transactions"],
    async run(ctx) {
      const connection = await ctx.connect();
      const plain = await connection.createSession();
      const input = plain.createQueue(ctx.queueName("in"));
      const output = plain.createQueue(ctx.queueName("out"));
      await (await plain.createProducer(input)).send(plain.createTextMessage("request"));
      const session = await connection.createSession(Session.SESSION_TRANSACTED);
      const consumer = await session.createConsumer(input);
      const producer = await session.createProducer(output);
      const outputConsumer = await plain.createConsumer(output);

      expectEqual(textOf(await consumer.receive(RECEIVE_MS), "request"), "request", "request");
      await producer.send(session.createTextMessage("reply-rolled-back"));
      await session.rollback();
      expectEqual(await outputConsumer.receive(ABSENT_MS), null, "the reply of the rolled-back transaction");

      const again = present(await consumer.receive(RECEIVE_MS), "the request after rollback");
      expectTrue(again.getJMSRedelivered(), "the request comes back marked redelivered");
      await producer.send(session.createTextMessage("reply"));
      await session.commit();
      expectEqual(textOf(await outputConsumer.receive(RECEIVE_MS), "reply"), "reply", "the committed reply");
      await session.close();
      const inputAfter = await plain.createConsumer(input);
      expectEqual(await inputAfter.receive(ABSENT_MS), null, "the request after the commit consumed it");
    },
  },
  {
    id: "transaction.not-transacted",
    title:
      "commit and rollback on a non-transacted session throw IllegalStateException [JMS 2.0 Session.commit]",
    requires: ["queues", "transactions"],
    async run(ctx) {
      const connection = await ctx.connect();
      const session = await connection.createSession(Session.AUTO_ACKNOWLEDGE);
      expectEqual(session.getTransacted(), false, "getTransacted()");
      for (const action of ["commit", "rollback"] as const) {
        const error = await session[action]().then(
          () => undefined,
          (e: unknown) => e,
        );
        expectTrue(
          error instanceof IllegalStateException,
          `${action}() on an AUTO_ACKNOWLEDGE session: expected IllegalStateException, got ${describeError(error)}`,
        );
      }
    },
  },
  {
    id: "transaction.context",
    title: "a SESSION_TRANSACTED JMSContext commits and rolls back sends and receives [JMS 2.0 6.2.7]",
    requires: ["queues", "transactions", "redelivery"],
    async run(ctx) {
      const context = await openContext(ctx, JMSContext.SESSION_TRANSACTED);
      expectTrue(context.getTransacted(), "getTransacted()");
      const queue = context.createQueue(ctx.queueName("context"));
      const observer = await openContext(ctx, JMSContext.AUTO_ACKNOWLEDGE);
      const watching = await observer.createConsumer(queue);
      await context.createProducer().send(queue, "rolled back");
      await context.rollback();
      await context.createProducer().send(queue, "committed");
      expectEqual(await watching.receive(ABSENT_MS), null, "a message before commit");
      await context.commit();
      expectEqual(await watching.receiveBody(String, RECEIVE_MS), "committed", "after commit");
      await watching.close();

      await observer.createProducer().send(queue, "to receive");
      const consumer = await context.createConsumer(queue);
      expectEqual(
        await consumer.receiveBody(String, RECEIVE_MS),
        "to receive",
        "received in the transaction",
      );
      await context.rollback();
      const again = present(await consumer.receive(RECEIVE_MS), "after rollback");
      expectTrue(again.getJMSRedelivered(), "redelivered after the context's rollback");
      await context.commit();
      await consumer.close();
      const after = await observer.createConsumer(queue);
      expectEqual(await after.receive(ABSENT_MS), null, "a message after commit");
    },
  },
  {
    id: "transaction.killed-before-commit",
    title:
      "a process killed (SIGKILL) with an open transaction leaves none of its sends on the queue [JMS 2.0 6.2.7]",
    requires: ["queues", "transactions"],
    timeoutMs: 60_000,
    async run(ctx) {
      const queueName = ctx.queueName("killed");
      await runKillChild(ctx, queueName, 5);
      const connection = await ctx.connect();
      const session = await connection.createSession();
      const queue = session.createQueue(queueName);
      const consumer = await session.createConsumer(queue);
      expectEqual(await consumer.receive(2_000), null, "a message of the killed process's transaction");
      // The consumer is live: a message sent now arrives, so the silence above was the rollback.
      await (await session.createProducer(queue)).send(session.createTextMessage("after"));
      expectEqual(
        textOf(await consumer.receive(RECEIVE_MS), "message after the kill"),
        "after",
        "queue works",
      );
    },
  },
];
