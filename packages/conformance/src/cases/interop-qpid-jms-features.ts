import { type MessageConsumer, Session, type TextMessage } from "@jms-ts/client";
import { randomUUID } from "node:crypto";
import type { ConformanceCase } from "../harness/conformance-case";
import {
  qpidJmsDurableSubscribe,
  qpidJmsPublish,
  qpidJmsReceive,
  qpidJmsSendSelectable,
  qpidJmsSendTransacted,
} from "../peers/qpid-jms-peer";
import { expectEqual, expectTrue, present, textOf } from "./assert";
import { startConnection } from "./connections";
import { INTEROP_TIMEOUT_MS, RECEIVE_MS } from "./interop-qpid-jms-support";
import { sendSamples } from "./selector-samples";

/** How long a side waits to show that no further message comes. */
const QUIET_MS = 1_000;

/** Receives exactly `count` messages, then none within QUIET_MS; their texts sorted. */
async function exactly(consumer: MessageConsumer, count: number, what: string): Promise<string[]> {
  const texts: string[] = [];
  for (let i = 0; i < count; i++)
    texts.push(textOf(await consumer.receive(RECEIVE_MS), `${what} #${i + 1}`) ?? "");
  const extra = await consumer.receive(QUIET_MS);
  expectEqual(extra === null ? null : (extra as TextMessage).getText(), null, `${what}: a further message`);
  return texts.sort();
}

/**
 * Selectors, local transactions and durable subscriptions between jms-ts and the real Apache Qpid JMS client:
 * each side filters, commits or subscribes on what the other one sent.
 */
export const qpidJmsFeatureCases: ConformanceCase[] = [
  {
    id: "interop.qpid-jms.selector-java-consumer",
    title:
      "a Qpid JMS consumer's selector on JMS headers and properties picks exactly the matching jms-ts messages [JMS 2.0 3.8.1.1]",
    requires: ["queues", "selectors", "qpid-jms-interop"],
    needs: ["java"],
    timeoutMs: INTEROP_TIMEOUT_MS,
    async run(ctx) {
      const queueName = ctx.queueName("selected-by-java");
      const connection = await ctx.connect();
      const session = await connection.createSession();
      const ids = await sendSamples(session, await session.createProducer(session.createQueue(queueName)));
      const headers = "JMSType = 'alpha' AND JMSCorrelationID LIKE 'c-%' AND JMSPriority >= 4 AND i > 1";
      const first = await qpidJmsReceive(ctx.running, queueName, 3, RECEIVE_MS, {
        selector: headers,
        quietMs: QUIET_MS,
      });
      expectEqual(first.map((m) => m.text).sort(), ["m03", "m07", "m12"], `Qpid JMS with ${headers}`);
      const byId = `JMSMessageID = '${ids.get("m01") ?? ""}' OR (JMSDeliveryMode = 'NON_PERSISTENT' AND s LIKE 'a%')`;
      const second = await qpidJmsReceive(ctx.running, queueName, 4, RECEIVE_MS, {
        selector: byId,
        quietMs: QUIET_MS,
      });
      expectEqual(second.map((m) => m.text).sort(), ["m01", "m04", "m06", "m08"], `Qpid JMS with ${byId}`);
      const m01 = second.find((m) => m.text === "m01");
      expectEqual(m01?.messageId, ids.get("m01"), "the JMSMessageID Qpid JMS sees");
    },
  },
  {
    id: "interop.qpid-jms.selector-ts-consumer",
    title:
      "jms-ts consumers' selectors on JMS headers and properties split what Qpid JMS sent [JMS 2.0 3.8.1.1]",
    requires: ["queues", "selectors", "qpid-jms-interop"],
    needs: ["java"],
    timeoutMs: INTEROP_TIMEOUT_MS,
    async run(ctx) {
      const queueName = ctx.queueName("selected-by-ts");
      const sent = await qpidJmsSendSelectable(ctx.running, queueName);
      expectEqual(sent.length, 6, "messages Qpid JMS sent");
      const connection = await ctx.connect();
      const session = await connection.createSession();
      const queue = session.createQueue(queueName);
      const headers =
        "(JMSType = 'red' OR JMSType IS NULL) AND JMSCorrelationID LIKE 'order-%' AND JMSPriority BETWEEN 4 AND 9 AND n > 1";
      const first = await session.createConsumer(queue, headers);
      expectEqual(await exactly(first, 2, headers), ["j4", "j5"], headers);
      await first.close();
      const persistent = "JMSDeliveryMode = 'PERSISTENT' AND region = 'eu'";
      const second = await session.createConsumer(queue, persistent);
      expectEqual(await exactly(second, 3, persistent), ["j1", "j3", "j6"], persistent);
      await second.close();
      const rest = await session.createConsumer(queue);
      expectEqual(await exactly(rest, 1, "no selector"), ["j2"], "what no selector matched");
    },
  },
  {
    id: "interop.qpid-jms.transaction-java-producer",
    title:
      "a Qpid JMS transaction's committed sends reach a jms-ts transacted consumer, its rolled-back ones never; rollback redelivers [JMS 2.0 6.2.7]",
    requires: ["queues", "transactions", "redelivery", "qpid-jms-interop"],
    needs: ["java"],
    timeoutMs: INTEROP_TIMEOUT_MS,
    async run(ctx) {
      const queueName = ctx.queueName("java-tx");
      const committed = await qpidJmsSendTransacted(ctx.running, queueName, 3, 2);
      expectEqual(
        committed.map((m) => m.text),
        ["committed-1", "committed-2", "committed-3"],
        "Qpid JMS committed",
      );
      const connection = await ctx.connect();
      const session = await connection.createSession(Session.SESSION_TRANSACTED);
      const consumer = await session.createConsumer(session.createQueue(queueName));
      const receiveAll = async (what: string) => {
        const got = [];
        for (let i = 0; i < 3; i++)
          got.push(present(await consumer.receive(RECEIVE_MS), `${what} #${i + 1}`));
        return got;
      };
      const first = await receiveAll("first delivery");
      expectEqual(
        first.map((m) => (m as TextMessage).getText()),
        committed.map((m) => m.text),
        "first delivery",
      );
      expectEqual(
        first.map((m) => m.getJMSMessageID()),
        committed.map((m) => m.id),
        "JMSMessageIDs",
      );
      expectEqual(
        first.map((m) => m.getJMSCorrelationID()),
        ["corr-1", "corr-2", "corr-3"],
        "JMSCorrelationIDs",
      );
      expectEqual(await consumer.receive(QUIET_MS), null, "a rolled-back message of Qpid JMS");
      await session.rollback();
      const again = await receiveAll("after rollback");
      expectEqual(
        again.map((m) => (m as TextMessage).getText()),
        committed.map((m) => m.text),
        "redelivered",
      );
      expectTrue(
        again.every((m) => m.getJMSRedelivered()),
        "JMSRedelivered after rollback",
      );
      await session.commit();
      await session.close();
      const after = await (await connection.createSession()).createConsumer(session.createQueue(queueName));
      expectEqual(await after.receive(QUIET_MS), null, "a message after the jms-ts commit");
    },
  },
  {
    id: "interop.qpid-jms.durable-java-subscriber",
    title:
      "a Qpid JMS durable subscription (ClientID, name) keeps what jms-ts publishes while it is away [JMS 2.0 8.3.2]",
    requires: ["topics", "durable-subscriptions", "qpid-jms-interop"],
    needs: ["java"],
    timeoutMs: 90_000,
    async run(ctx) {
      const topicName = ctx.topicName("java-durable");
      const durable = { topic: topicName, clientId: `jms-ts-java-${randomUUID().slice(0, 8)}`, name: "kept" };
      expectEqual(await qpidJmsDurableSubscribe(ctx.running, durable), [], "messages before publishing");
      const connection = await ctx.connect();
      const session = await connection.createSession();
      const producer = await session.createProducer(session.createTopic(topicName));
      for (const body of ["away-1", "away-2", "away-3"]) await producer.send(session.createTextMessage(body));
      const kept = await qpidJmsDurableSubscribe(ctx.running, {
        ...durable,
        count: 3,
        quietMs: QUIET_MS,
        unsubscribe: true,
      });
      expectEqual(
        kept.map((m) => m.text),
        ["away-1", "away-2", "away-3"],
        "what Qpid JMS's subscription kept",
      );
    },
  },
  {
    id: "interop.qpid-jms.durable-ts-subscriber",
    title:
      "a jms-ts durable subscription keeps what Qpid JMS publishes while it is disconnected [JMS 2.0 8.3.2]",
    requires: ["topics", "durable-subscriptions", "qpid-jms-interop"],
    needs: ["java"],
    timeoutMs: INTEROP_TIMEOUT_MS,
    async run(ctx) {
      const topicName = ctx.topicName("ts-durable");
      const clientId = `jms-ts-ts-${randomUUID().slice(0, 8)}`;
      const first = await startConnection(ctx, { clientId });
      const session = await first.createSession();
      const subscriber = await session.createDurableSubscriber(session.createTopic(topicName), "kept");
      await subscriber.close();
      await first.close();
      const sent = await qpidJmsPublish(ctx.running, topicName, "from-java", 2);
      const second = await startConnection(ctx, { clientId });
      const again = await second.createSession();
      const resumed = await again.createDurableSubscriber(again.createTopic(topicName), "kept");
      expectEqual(
        await exactly(resumed, 2, "kept"),
        sent.map((m) => m.text).sort(),
        "kept while disconnected",
      );
      await resumed.close();
      await again.unsubscribe("kept");
    },
  },
];
