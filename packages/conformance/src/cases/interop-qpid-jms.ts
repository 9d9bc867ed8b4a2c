import { BytesMessage, DeliveryMode, Queue, Session, TextMessage } from "@jms-ts/client";
import type { ConformanceCase } from "../harness/conformance-case";
import { qpidJmsReceive, qpidJmsSend, qpidJmsSendBytes } from "../peers/qpid-jms-peer";
import { expectEqual, expectTrue, present } from "./assert";
import {
  RECEIVE_MS,
  INTEROP_TIMEOUT_MS,
  setEveryPropertyType,
  JAVA_SEES,
  expectTypedPropertiesFromJava,
} from "./interop-qpid-jms-support";

const COUNT = 3;

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
      const sent = await qpidJmsSend(ctx.running, queueName, "from qpid-jms", COUNT);
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
        expectTypedPropertiesFromJava(received, what);
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
        setEveryPropertyType(message);
        await producer.send(message);
        sent.push(message);
      }
      const seen = await qpidJmsReceive(ctx.running, queueName, COUNT, RECEIVE_MS);
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
        for (const [name, [javaClass, text]] of Object.entries(JAVA_SEES)) {
          const property = java.properties[name];
          expectEqual([property?.class, property?.text], [javaClass, text], `${what}: property ${name}`);
        }
      }
    },
  },
  {
    id: "interop.qpid-jms-bytes-to-jms-ts",
    title: "a BytesMessage written by Qpid JMS reads back in jms-ts value by value [JMS 2.0 3.12]",
    requires: ["queues", "qpid-jms-interop"],
    needs: ["java"],
    timeoutMs: INTEROP_TIMEOUT_MS,
    async run(ctx) {
      const queueName = ctx.queueName("bytes-from-qpid-jms");
      const sent = await qpidJmsSendBytes(ctx.running, queueName);
      const connection = await ctx.connect();
      const session = await connection.createSession();
      const received = present(
        await (await session.createConsumer(session.createQueue(queueName))).receive(RECEIVE_MS),
        "the message",
      );
      expectTrue(
        received instanceof BytesMessage,
        `expected a BytesMessage, got ${received.constructor.name}`,
      );
      expectEqual(received.getJMSMessageID(), sent.id, "JMSMessageID");
      const bytes = received as BytesMessage;
      expectEqual(bytes.readBoolean(), true, "boolean");
      expectEqual(bytes.readShort(), -2, "short");
      expectEqual(bytes.readLong(), 2n ** 62n + 3n, "long");
      expectEqual(bytes.readDouble(), 0.1, "double");
      expectEqual(bytes.readUTF(), INTEROP_UTF, "UTF");
      expectEqual([bytes.readUnsignedByte(), bytes.readUnsignedByte()], [0, 255], "raw bytes");
    },
  },
  {
    id: "interop.jms-ts-bytes-to-qpid-jms",
    title:
      "a BytesMessage written by jms-ts arrives in Qpid JMS as a BytesMessage with the same bytes [JMS 2.0 3.12]",
    requires: ["queues", "qpid-jms-interop"],
    needs: ["java"],
    timeoutMs: INTEROP_TIMEOUT_MS,
    async run(ctx) {
      const queueName = ctx.queueName("bytes-to-qpid-jms");
      const connection = await ctx.connect();
      const session = await connection.createSession();
      const message = session.createBytesMessage();
      message.writeBoolean(true);
      message.writeShort(-2);
      message.writeLong(2n ** 62n + 3n);
      message.writeDouble(0.1);
      message.writeUTF(INTEROP_UTF);
      message.writeBytes(Uint8Array.from([0, 255]));
      await (await session.createProducer(session.createQueue(queueName))).send(message);
      const [java] = await qpidJmsReceive(ctx.running, queueName, 1, RECEIVE_MS);
      const seen = present(java, "the message Qpid JMS received");
      expectEqual(seen.class, "BytesMessage", "class");
      message.reset();
      const body = Buffer.alloc(message.getBodyLength());
      message.readBytes(body);
      expectEqual(seen.bytes, body.toString("hex"), "body bytes");
    },
  },
  {
    id: "interop.qpid-jms-redelivered-to-jms-ts",
    title:
      "a Qpid JMS message that jms-ts did not acknowledge comes back with JMSRedelivered and JMSXDeliveryCount 2 [JMS 2.0 3.4.7, 3.5.9]",
    requires: ["queues", "redelivery", "qpid-jms-interop"],
    needs: ["java"],
    timeoutMs: INTEROP_TIMEOUT_MS,
    async run(ctx) {
      const queueName = ctx.queueName("redelivered-from-qpid-jms");
      const [java] = await qpidJmsSend(ctx.running, queueName, "again");
      const sent = present(java, "the message Qpid JMS sent");
      const connection = await ctx.connect();
      const first = await connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
      const once = present(
        await (await first.createConsumer(first.createQueue(queueName))).receive(RECEIVE_MS),
        "the first delivery",
      );
      expectEqual(
        [once.getJMSRedelivered(), once.getIntProperty("JMSXDeliveryCount")],
        [false, 1],
        "first delivery",
      );
      await first.close();
      const second = await connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
      const again = present(
        await (await second.createConsumer(second.createQueue(queueName))).receive(RECEIVE_MS),
        "the redelivery",
      );
      expectEqual(again.getJMSMessageID(), sent.id, "JMSMessageID of the redelivery");
      expectEqual(
        [again.getJMSRedelivered(), again.getIntProperty("JMSXDeliveryCount")],
        [true, 2],
        "JMSRedelivered and JMSXDeliveryCount of the redelivery",
      );
      await again.acknowledge();
    },
  },
  {
    id: "interop.jms-ts-redelivered-to-qpid-jms",
    title:
      "a jms-ts message that was delivered once unacknowledged reaches Qpid JMS with JMSRedelivered and JMSXDeliveryCount 2 [JMS 2.0 3.4.7, 3.5.9]",
    requires: ["queues", "redelivery", "qpid-jms-interop"],
    needs: ["java"],
    timeoutMs: INTEROP_TIMEOUT_MS,
    async run(ctx) {
      const queueName = ctx.queueName("redelivered-to-qpid-jms");
      const connection = await ctx.connect();
      const first = await connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
      const queue = first.createQueue(queueName);
      const message = first.createTextMessage("again");
      await (await first.createProducer(queue)).send(message);
      present(await (await first.createConsumer(queue)).receive(RECEIVE_MS), "the first delivery");
      await first.close();
      const [java] = await qpidJmsReceive(ctx.running, queueName, 1, RECEIVE_MS);
      const seen = present(java, "the message Qpid JMS received");
      expectEqual(seen.messageId, message.getJMSMessageID(), "JMSMessageID");
      expectEqual(
        [seen.redelivered, seen.jmsx.JMSXDeliveryCount.class, seen.jmsx.JMSXDeliveryCount.text],
        [true, "Integer", "2"],
        "JMSRedelivered and JMSXDeliveryCount as Qpid JMS saw them",
      );
    },
  },
];

/** The UTF string both peers write: a 2-byte, a 3-byte and a supplementary (surrogate pair) character. */
const INTEROP_UTF = "naïve ☕ 😀";
