import { Session } from "@jms-ts/client";
import type { CaseContext, ConformanceCase } from "../harness/conformance-case";
import { expectEqual, expectTrue, present, RECEIVE_MS, textOf } from "./assert";
import { startConnection } from "./connections";

/** Sends the texts to a fresh queue and returns its name. */
async function fill(ctx: CaseContext, base: string, texts: string[]): Promise<string> {
  const connection = await ctx.connect();
  const session = await connection.createSession();
  const name = ctx.queueName(base);
  const producer = await session.createProducer(session.createQueue(name));
  for (const body of texts) await producer.send(session.createTextMessage(body));
  await session.close();
  return name;
}

/** Resolves with the first `count` results of `record`, or rejects after RECEIVE_MS. */
function collect<T>(count: number, start: (push: (value: T) => void) => void): Promise<T[]> {
  return new Promise<T[]>((resolve, reject) => {
    const seen: T[] = [];
    const timer = setTimeout(() => reject(new Error(`only ${seen.length} of ${count} arrived`)), RECEIVE_MS);
    start((value) => {
      seen.push(value);
      if (seen.length === count) {
        clearTimeout(timer);
        resolve(seen);
      }
    });
  });
}

/** Consumer behaviour [JMS 2.0 8, 6.2.10-11; qpid-jms 2.12-2.13]: listeners, recover, ack modes, drain, pull. */
export const consumerCases: ConformanceCase[] = [
  {
    id: "consumer.listener-delivery",
    title: "a MessageListener gets every message in order; AUTO_ACKNOWLEDGE consumes them [JMS 2.0 8.7]",
    requires: ["queues"],
    async run(ctx) {
      const name = await fill(ctx, "listener", ["1", "2", "3", "4", "5"]);
      const connection = await ctx.connect();
      const session = await connection.createSession();
      const consumer = await session.createConsumer(session.createQueue(name));
      const seen = await collect<string | null>(5, (push) =>
        consumer.setMessageListener(async (message) => {
          await Promise.resolve();
          push(textOf(message, "a listener message"));
        }),
      );
      expectEqual(seen, ["1", "2", "3", "4", "5"], "listener order");
      await session.close();
      const check = await connection.createSession();
      expectEqual(
        await (await check.createConsumer(check.createQueue(name))).receive(1000),
        null,
        "a message left on the queue after the listener consumed everything",
      );
    },
  },
  {
    id: "consumer.listener-failure-redelivers",
    title:
      "AUTO_ACKNOWLEDGE: a listener that throws gets the message again with JMSRedelivered [JMS 2.0 8.7]",
    requires: ["queues"],
    async run(ctx) {
      const name = await fill(ctx, "listener-failure", ["fragile"]);
      const connection = await ctx.connect();
      const reported: unknown[] = [];
      connection.setExceptionListener((e) => reported.push(e));
      const session = await connection.createSession();
      const consumer = await session.createConsumer(session.createQueue(name));
      const flags = await collect<boolean>(2, (push) =>
        consumer.setMessageListener((message) => {
          push(message.getJMSRedelivered());
          if (!message.getJMSRedelivered()) throw new Error("first attempt fails");
        }),
      );
      expectEqual(flags, [false, true], "JMSRedelivered on the two attempts");
      expectEqual(reported.length, 1, "failures reported to the ExceptionListener");
    },
  },
  {
    id: "consumer.recover",
    title:
      "Session.recover() redelivers unacknowledged messages in order with JMSRedelivered and JMSXDeliveryCount 2 [JMS 2.0 6.2.11]",
    requires: ["queues"],
    async run(ctx) {
      const name = await fill(ctx, "recover", ["a", "b"]);
      const connection = await ctx.connect();
      const session = await connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
      const consumer = await session.createConsumer(session.createQueue(name));
      expectEqual(textOf(await consumer.receive(RECEIVE_MS), "a"), "a", "first delivery");
      expectEqual(textOf(await consumer.receive(RECEIVE_MS), "b"), "b", "second delivery");
      await session.recover();
      const again = [await consumer.receive(RECEIVE_MS), await consumer.receive(RECEIVE_MS)];
      expectEqual(
        again.map((m, i) => textOf(m, `redelivery ${i}`)),
        ["a", "b"],
        "redelivery order",
      );
      expectEqual(
        again.map((m) => m?.getJMSRedelivered()),
        [true, true],
        "JMSRedelivered",
      );
      expectEqual(
        again.map((m) => m?.getIntProperty("JMSXDeliveryCount")),
        [2, 2],
        "JMSXDeliveryCount",
      );
      await again[1]?.acknowledge();
      await session.close();
      const check = await connection.createSession();
      expectEqual(
        await (await check.createConsumer(check.createQueue(name))).receive(1000),
        null,
        "a message left after acknowledging the redeliveries",
      );
    },
  },
  {
    id: "consumer.client-vs-individual-ack",
    title:
      "CLIENT_ACKNOWLEDGE acknowledges all delivered messages, INDIVIDUAL_ACKNOWLEDGE (101) only the one [JMS 2.0 6.2.10]",
    requires: ["queues", "redelivery"],
    async run(ctx) {
      const connection = await ctx.connect();
      for (const mode of [Session.CLIENT_ACKNOWLEDGE, Session.INDIVIDUAL_ACKNOWLEDGE]) {
        const name = await fill(ctx, `ack-${mode}`, ["first", "second"]);
        const session = await connection.createSession(false, mode);
        const consumer = await session.createConsumer(session.createQueue(name));
        await consumer.receive(RECEIVE_MS);
        const second = present(await consumer.receive(RECEIVE_MS), "the second message");
        await second.acknowledge();
        await session.close();
        const check = await connection.createSession();
        const left = await (await check.createConsumer(check.createQueue(name))).receive(2000);
        if (mode === Session.CLIENT_ACKNOWLEDGE) {
          expectEqual(left, null, "CLIENT_ACKNOWLEDGE: a message left on the queue");
        } else {
          expectEqual(
            textOf(left, "the unacknowledged message"),
            "first",
            "INDIVIDUAL_ACKNOWLEDGE: what came back",
          );
          expectEqual(left?.getJMSRedelivered(), true, "JMSRedelivered on the message that came back");
        }
        await check.close();
      }
    },
  },
  {
    id: "consumer.receive-no-wait-drain",
    title:
      "prefetch 0: receiveNoWait() drains: null at once on an empty queue, the message on a non-empty one [qpid-jms 2.13]",
    requires: ["queues", "drain"],
    async run(ctx) {
      const connection = await startConnection(ctx, { options: ["jms.prefetchPolicy.all=0"] });
      const session = await connection.createSession();
      const empty = await session.createConsumer(session.createQueue(ctx.queueName("drain-empty")));
      const started = Date.now();
      expectEqual(await empty.receiveNoWait(), null, "receiveNoWait() on an empty queue");
      expectTrue(Date.now() - started < 5000, "receiveNoWait() on an empty queue took more than 5 s");
      const name = await fill(ctx, "drain-full", ["waiting"]);
      // A new consumer asks at once: only the drain can bring the message in time.
      const full = await session.createConsumer(session.createQueue(name));
      expectEqual(textOf(await full.receiveNoWait(), "the drained message"), "waiting", "drained message");
    },
  },
  {
    id: "consumer.prefetch-zero",
    title:
      "jms.prefetchPolicy.all=0: a consumer takes one message per receive, leaving the rest to others [qpid-jms 2.13]",
    requires: ["queues", "drain"],
    async run(ctx) {
      const name = await fill(ctx, "prefetch-zero", ["one", "two"]);
      const pulling = await (
        await startConnection(ctx, { options: ["jms.prefetchPolicy.all=0"] })
      ).createSession();
      const puller = await pulling.createConsumer(pulling.createQueue(name));
      expectEqual(textOf(await puller.receive(RECEIVE_MS), "the pulled message"), "one", "pulled message");
      const other = await (await ctx.connect()).createSession();
      const otherConsumer = await other.createConsumer(other.createQueue(name));
      expectEqual(
        textOf(await otherConsumer.receive(RECEIVE_MS), "the message the puller left"),
        "two",
        "the second message went to the other consumer",
      );
      expectEqual(await puller.receiveNoWait(), null, "the puller's receiveNoWait after the queue emptied");
    },
  },
];
