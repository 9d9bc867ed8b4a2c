import { DeliveryMode, Queue, Session, TextMessage } from "@jms-ts/client";
import type { CaseContext, ConformanceCase } from "../harness/conformance-case";
import { qpidJmsReceive, qpidJmsSend, type QpidJmsPeerConnection } from "../peers/qpid-jms-peer";
import { expectEqual, expectTrue, present } from "./assert";

const COUNT = 3;
const RECEIVE_MS = 15_000;
/** The JVM starts once or twice per case; on a small machine that takes seconds. */
const INTEROP_TIMEOUT_MS = 60_000;

function peerConnection(ctx: CaseContext): QpidJmsPeerConnection {
  const { url, username, password } = ctx.running;
  return {
    url,
    ...(username === undefined ? {} : { username }),
    ...(password === undefined ? {} : { password }),
  };
}

/**
 * Wire interop with the real Apache Qpid JMS client (Java, `java/` built by scripts/build-qpid-jms-peer.sh):
 * messages cross the broker in both directions and each side checks the headers the other one set.
 */
export const qpidJmsInteropCases: ConformanceCase[] = [
  {
    id: "interop.qpid-jms-to-jms-ts",
    title:
      "TextMessages sent by Qpid JMS arrive in jms-ts with their text, JMSMessageID, JMSCorrelationID, JMSType, JMSTimestamp and PERSISTENT [JMS 2.0 3.4]",
    requires: ["queues", "qpid-jms-interop"],
    needs: ["java"],
    timeoutMs: INTEROP_TIMEOUT_MS,
    async run(ctx) {
      const queueName = ctx.queueName("from-qpid-jms");
      const sent = await qpidJmsSend(peerConnection(ctx), queueName, "from qpid-jms", COUNT);
      expectEqual(sent.length, COUNT, "messages Qpid JMS reported sent");
      const connection = await ctx.connect();
      const session = await connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      const consumer = await session.createConsumer(session.createQueue(queueName));
      for (const [i, java] of sent.entries()) {
        const what = `message ${i + 1}`;
        const received = present(await consumer.receive(RECEIVE_MS), what);
        expectTrue(
          received instanceof TextMessage,
          `${what}: expected a TextMessage, got ${received.constructor.name}`,
        );
        expectEqual((received as TextMessage).getText(), java.text, `${what}: text`);
        expectTrue(
          java.id.startsWith("ID:"),
          `${what}: Qpid JMS's JMSMessageID ${java.id} has no ID: prefix`,
        );
        expectEqual(received.getJMSMessageID(), java.id, `${what}: JMSMessageID`);
        expectEqual(received.getJMSCorrelationID(), java.correlationId, `${what}: JMSCorrelationID`);
        expectEqual(received.getJMSType(), "interop", `${what}: JMSType`);
        expectEqual(received.getJMSDeliveryMode(), DeliveryMode.PERSISTENT, `${what}: JMSDeliveryMode`);
        expectEqual(received.getJMSTimestamp(), java.timestamp, `${what}: JMSTimestamp`);
        expectEqual(received.getJMSPriority(), java.priority, `${what}: JMSPriority`);
        expectEqual(received.getJMSRedelivered(), false, `${what}: JMSRedelivered`);
        const destination = received.getJMSDestination();
        expectTrue(
          destination instanceof Queue,
          `${what}: JMSDestination: expected a Queue, got ${String(destination)}`,
        );
        expectEqual((destination as Queue).getQueueName(), queueName, `${what}: JMSDestination name`);
      }
      expectEqual(await consumer.receive(200), null, "a message beyond those Qpid JMS sent");
    },
  },
  {
    id: "interop.jms-ts-to-qpid-jms",
    title:
      "TextMessages sent by jms-ts arrive in Qpid JMS with their text, JMSMessageID, JMSCorrelationID, JMSType, PERSISTENT and queue JMSDestination [JMS 2.0 3.4]",
    requires: ["queues", "qpid-jms-interop"],
    needs: ["java"],
    timeoutMs: INTEROP_TIMEOUT_MS,
    async run(ctx) {
      const queueName = ctx.queueName("to-qpid-jms");
      const connection = await ctx.connect();
      const session = await connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      const producer = await session.createProducer(session.createQueue(queueName));
      const sent: TextMessage[] = [];
      for (let i = 1; i <= COUNT; i++) {
        const message = session.createTextMessage(`from jms-ts ${i}`);
        // The last one replies to the first, as request/reply does: an `ID:` correlation id.
        const first = sent[0];
        message.setJMSCorrelationID(
          i === COUNT && first ? present(first.getJMSMessageID(), "JMSMessageID") : `jms-ts-${i}`,
        );
        message.setJMSType("interop");
        await producer.send(message);
        sent.push(message);
      }
      const seen = await qpidJmsReceive(peerConnection(ctx), queueName, COUNT, RECEIVE_MS);
      expectEqual(seen.length, COUNT, "messages Qpid JMS received");
      for (const [i, java] of seen.entries()) {
        const what = `message ${i + 1} as Qpid JMS saw it`;
        const message = present(sent[i], `${what}: the message jms-ts sent`);
        expectEqual(java.class, "TextMessage", `${what}: class`);
        expectEqual(java.text, message.getText(), `${what}: text`);
        expectEqual(java.messageId, message.getJMSMessageID(), `${what}: JMSMessageID`);
        expectEqual(java.correlationId, message.getJMSCorrelationID(), `${what}: JMSCorrelationID`);
        expectEqual(java.type, "interop", `${what}: JMSType`);
        expectEqual(java.deliveryMode, DeliveryMode.PERSISTENT, `${what}: JMSDeliveryMode`);
        expectEqual(java.timestamp, message.getJMSTimestamp(), `${what}: JMSTimestamp`);
        expectEqual(java.priority, message.getJMSPriority(), `${what}: JMSPriority`);
        expectEqual(java.redelivered, false, `${what}: JMSRedelivered`);
        const destination = present(java.destination, `${what}: JMSDestination`);
        expectTrue(destination.queue, `${what}: JMSDestination ${destination.string} is not a Queue`);
        expectEqual(destination.name, queueName, `${what}: JMSDestination name`);
      }
    },
  },
];
