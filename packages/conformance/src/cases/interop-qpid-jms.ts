import { BytesMessage, DeliveryMode, Queue, Session, TextMessage, type Message } from "@jms-ts/client";
import type { ConformanceCase } from "../harness/conformance-case";
import { qpidJmsReceive, qpidJmsSend, qpidJmsSendBytes } from "../peers/qpid-jms-peer";
import { expectEqual, expectTrue, present, throwsOnRead } from "./assert";

const COUNT = 3;
const RECEIVE_MS = 15_000;
/** The JVM starts once or twice per case; on a small machine that takes seconds. */
const INTEROP_TIMEOUT_MS = 60_000;

/** Every JMS property type, set by jms-ts; a long beyond 2^53 and the int/long edges included. */
function setEveryPropertyType(message: Message): void {
  message.setBooleanProperty("b", true);
  message.setByteProperty("y", -128);
  message.setShortProperty("h", 32767);
  message.setIntProperty("i", -2147483648);
  message.setLongProperty("big", 2n ** 62n + 1n);
  message.setLongProperty("min", -(2n ** 63n));
  message.setFloatProperty("f", 1.25);
  message.setDoubleProperty("d", 0.1);
  message.setStringProperty("s", "naïve ☕");
}

/** What Qpid JMS must see for them: the Java class and String.valueOf of the value. */
const JAVA_SEES: Record<string, [string, string]> = {
  b: ["Boolean", "true"],
  y: ["Byte", "-128"],
  h: ["Short", "32767"],
  i: ["Integer", "-2147483648"],
  big: ["Long", "4611686018427387905"],
  min: ["Long", "-9223372036854775808"],
  f: ["Float", "1.25"],
  d: ["Double", "0.1"],
  s: ["String", "naïve ☕"],
};

/** The properties the Java peer sets, read back with their JMS types (a wrong wire type fails here). */
function expectTypedPropertiesFromJava(received: Message, what: string): void {
  expectEqual(received.getStringProperty("s"), "text", `${what}: string property`);
  expectEqual(received.getIntProperty("i"), 42, `${what}: int property`);
  expectEqual(received.getLongProperty("l"), 2n ** 40n, `${what}: long property`);
  expectEqual(received.getBooleanProperty("b"), true, `${what}: boolean property`);
  expectEqual(received.getDoubleProperty("d"), 1.5, `${what}: double property`);
  expectEqual(received.getByteProperty("y"), -7, `${what}: byte property`);
  expectEqual(received.getShortProperty("h"), 300, `${what}: short property`);
  expectEqual(received.getFloatProperty("f"), 1.25, `${what}: float property`);
  expectEqual(received.getLongProperty("big"), 2n ** 62n + 1n, `${what}: long beyond 2^53`);
  // The JMS conversion table holds only if the wire types survived: an int cannot be read as a byte.
  expectTrue(
    throwsOnRead(() => received.getByteProperty("i")),
    `${what}: an int property read as byte must throw`,
  );
  expectTrue(
    throwsOnRead(() => received.getFloatProperty("d")),
    `${what}: a double property read as float must throw`,
  );
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
];

/** The UTF string both peers write: a 2-byte, a 3-byte and a supplementary (surrogate pair) character. */
const INTEROP_UTF = "naïve ☕ 😀";
