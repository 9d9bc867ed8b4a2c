import {
  BytesMessage,
  DeliveryMode,
  MapMessage,
  Message,
  MessageFormatException,
  ObjectMessage,
  Queue,
  Session,
  StreamMessage,
  TextMessage,
  Topic,
  TypedValue,
  type ObjectValue,
} from "@jms-ts/client";
import type { ConformanceCase } from "../harness/conformance-case";
import {
  qpidJmsReceive,
  qpidJmsSend,
  qpidJmsSendAll,
  qpidJmsSendBytes,
  type QpidJmsReceived,
  type QpidJmsTyped,
} from "../peers/qpid-jms-peer";
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
  if (received.propertyExists("min")) {
    expectEqual(received.getLongProperty("min"), -(2n ** 63n), `${what}: long minimum`);
  }
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
  {
    id: "interop.qpid-jms-all-kinds-to-jms-ts",
    title:
      "every JMS message kind sent by Qpid JMS (Object Java-serialized and AMQP-typed) arrives in jms-ts with its body, every header, JMSX property and typed property [JMS 2.0 3.4, 3.5, 3.11]",
    requires: ["queues", "qpid-jms-interop"],
    needs: ["java"],
    timeoutMs: INTEROP_TIMEOUT_MS,
    async run(ctx) {
      const queueName = ctx.queueName("all-kinds-from-qpid-jms");
      // A broker that authenticates may insist user-id is the authenticated user (RabbitMQ does).
      const userId = ctx.running.username ?? "interop-user";
      const sent = await qpidJmsSendAll(ctx.running, queueName, userId);
      expectEqual(
        sent.map((m) => m.class),
        [...KINDS],
        "the kinds Qpid JMS reported sent",
      );
      const connection = await ctx.connect();
      const session = await connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      const consumer = await session.createConsumer(session.createQueue(queueName));
      for (const [i, java] of sent.entries()) {
        const what = `${KINDS[i]} ${i}`;
        const received = present(await consumer.receive(RECEIVE_MS), what);
        expectEqual(received.constructor.name, CLASSES[i]?.name, `${what}: class`);
        expectBodyFromJava(received, i, what);
        expectEqual(received.getJMSMessageID(), java.id, `${what}: JMSMessageID`);
        expectEqual(received.getJMSCorrelationID(), java.correlationId, `${what}: JMSCorrelationID`);
        if (i % 2 === 1) {
          expectEqual(
            received.getJMSCorrelationIDAsBytes(),
            correlationBytes(i),
            `${what}: JMSCorrelationID as bytes`,
          );
          expectEqual(
            java.correlationId,
            `ID:AMQP_BINARY:CAFE0${i}`,
            `${what}: Qpid JMS's string form of a binary correlation id`,
          );
        } else {
          expectEqual(java.correlationId, `corr-${i}`, `${what}: JMSCorrelationID Qpid JMS reported`);
        }
        const replyTo = received.getJMSReplyTo();
        const replyKind = i % 2 === 0 ? Queue : Topic;
        expectTrue(
          replyTo instanceof replyKind,
          `${what}: JMSReplyTo: expected a ${replyKind.name}, got ${String(replyTo)}`,
        );
        expectEqual(String(replyTo?.address), replyName(queueName, i), `${what}: JMSReplyTo name`);
        const destination = received.getJMSDestination();
        expectTrue(
          destination instanceof Queue,
          `${what}: JMSDestination: expected a Queue, got ${String(destination)}`,
        );
        expectEqual((destination as Queue).getQueueName(), queueName, `${what}: JMSDestination name`);
        expectEqual(received.getJMSDeliveryMode(), modeOf(i), `${what}: JMSDeliveryMode`);
        expectEqual(java.deliveryMode, modeOf(i), `${what}: JMSDeliveryMode Qpid JMS reported`);
        expectEqual(received.getJMSPriority(), PRIORITY, `${what}: JMSPriority`);
        expectEqual(received.getJMSTimestamp(), java.timestamp, `${what}: JMSTimestamp`);
        expectEqual(received.getJMSExpiration(), java.expiration, `${what}: JMSExpiration`);
        expectEqual(java.expiration, java.timestamp + TTL_MS, `${what}: Qpid JMS's JMSExpiration`);
        expectEqual(received.getJMSRedelivered(), false, `${what}: JMSRedelivered`);
        expectEqual(received.getJMSType(), "interop", `${what}: JMSType`);
        expectEqual(received.getIntProperty("JMSXDeliveryCount"), 1, `${what}: JMSXDeliveryCount`);
        expectEqual(received.getStringProperty("JMSXGroupID"), "interop-group", `${what}: JMSXGroupID`);
        expectEqual(received.getIntProperty("JMSXGroupSeq"), i + 1, `${what}: JMSXGroupSeq`);
        expectEqual(java.userId, userId, `${what}: JMSXUserID Qpid JMS reported`);
        expectEqual(received.getStringProperty("JMSXUserID"), userId, `${what}: JMSXUserID`);
        expectTypedPropertiesFromJava(received, what);
        expectEqual(received.getLongProperty("min"), -(2n ** 63n), `${what}: long minimum`);
      }
      expectEqual(await consumer.receive(200), null, "a message beyond those Qpid JMS sent");
    },
  },
  {
    id: "interop.jms-ts-all-kinds-to-qpid-jms",
    title:
      "every JMS message kind sent by jms-ts (Object AMQP-typed and Java-serialized) arrives in Qpid JMS with its body, every header, JMSX property and typed property [JMS 2.0 3.4, 3.5, 3.11]",
    requires: ["queues", "qpid-jms-interop"],
    needs: ["java"],
    timeoutMs: INTEROP_TIMEOUT_MS,
    async run(ctx) {
      const queueName = ctx.queueName("all-kinds-to-qpid-jms");
      const connection = await ctx.connect();
      const session = await connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      const producer = await session.createProducer(session.createQueue(queueName));
      const sent: Message[] = [];
      // A broker that authenticates may insist user-id is the authenticated user (RabbitMQ does).
      const userId = ctx.running.username ?? "ts-user";
      for (let i = 0; i < KINDS.length; i++) {
        const message = createBody(session, i);
        if (i % 2 === 0) message.setJMSCorrelationID(`corr-${i}`);
        else message.setJMSCorrelationIDAsBytes(correlationBytes(i));
        const reply = replyName(queueName, i);
        message.setJMSReplyTo(i % 2 === 0 ? session.createQueue(reply) : session.createTopic(reply));
        message.setJMSType("interop");
        message.setStringProperty("JMSXGroupID", "interop-group");
        message.setIntProperty("JMSXGroupSeq", i + 1);
        message.setStringProperty("JMSXUserID", userId);
        setEveryPropertyType(message);
        await producer.send(message, modeOf(i), PRIORITY, TTL_MS);
        sent.push(message);
      }
      const seen = await qpidJmsReceive(ctx.running, queueName, KINDS.length, RECEIVE_MS);
      for (const [i, java] of seen.entries()) {
        const what = `${KINDS[i]} ${i} as Qpid JMS saw it`;
        const message = present(sent[i], `${what}: the message jms-ts sent`);
        expectEqual(java.class, KINDS[i], `${what}: class`);
        expectBodyInJava(java, i, what);
        expectEqual(java.messageId, message.getJMSMessageID(), `${what}: JMSMessageID`);
        expectEqual(java.correlationId, message.getJMSCorrelationID(), `${what}: JMSCorrelationID`);
        expectEqual(
          java.correlationIdBytes,
          i % 2 === 0 ? null : correlationBytes(i).toString("hex"),
          `${what}: JMSCorrelationID as bytes`,
        );
        const replyTo = present(java.replyTo, `${what}: JMSReplyTo`);
        expectEqual(
          [replyTo.queue, replyTo.topic, replyTo.name],
          [i % 2 === 0, i % 2 === 1, replyName(queueName, i)],
          `${what}: JMSReplyTo (queue, topic, name)`,
        );
        const destination = present(java.destination, `${what}: JMSDestination`);
        expectEqual([destination.queue, destination.name], [true, queueName], `${what}: JMSDestination`);
        expectEqual(java.deliveryMode, modeOf(i), `${what}: JMSDeliveryMode`);
        expectEqual(java.priority, PRIORITY, `${what}: JMSPriority`);
        expectEqual(java.timestamp, message.getJMSTimestamp(), `${what}: JMSTimestamp`);
        expectEqual(java.expiration, message.getJMSExpiration(), `${what}: JMSExpiration`);
        expectEqual(
          java.expiration,
          message.getJMSTimestamp() + TTL_MS,
          `${what}: JMSExpiration = timestamp + ttl`,
        );
        expectEqual(java.redelivered, false, `${what}: JMSRedelivered`);
        expectEqual(java.type, "interop", `${what}: JMSType`);
        const jmsx = Object.fromEntries(
          Object.entries(java.jmsx).map(([name, v]) => [name, [v.class, v.text]]),
        );
        expectEqual(
          jmsx,
          {
            JMSXDeliveryCount: ["Integer", "1"],
            JMSXGroupID: ["String", "interop-group"],
            JMSXGroupSeq: ["Integer", String(i + 1)],
            JMSXUserID: ["String", userId],
          },
          `${what}: JMSX properties`,
        );
        for (const [name, [javaClass, text]] of Object.entries(JAVA_SEES)) {
          const property = java.properties[name];
          expectEqual([property?.class, property?.text], [javaClass, text], `${what}: property ${name}`);
        }
      }
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

/** The JMS kinds both peers send, in order; the last two are ObjectMessages (Java-serialized, AMQP-typed). */
const KINDS = [
  "Message",
  "TextMessage",
  "BytesMessage",
  "MapMessage",
  "StreamMessage",
  "ObjectMessage",
  "ObjectMessage",
] as const;
const CLASSES = [Message, TextMessage, BytesMessage, MapMessage, StreamMessage, ObjectMessage, ObjectMessage];
const PRIORITY = 7;
const TTL_MS = 120_000;
const BIG = 2n ** 62n + 1n;
/** java.io.ObjectOutputStream's bytes for the String "hi": magic, version, TC_STRING, length 2, "hi". */
const SERIALIZED_HI = Buffer.from("aced0005740002" + "6869", "hex");

/** Message i's headers in both directions: string and binary correlation ids, queue and topic reply-to alternate. */
const correlationBytes = (i: number) => Buffer.from([0xca, 0xfe, i]);
const replyName = (queueName: string, i: number) => `${queueName}-reply${i % 2 === 0 ? "" : "-topic"}`;
const modeOf = (i: number) => (i % 2 === 0 ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT);

function expectBodyFromJava(received: Message, i: number, what: string): void {
  switch (i) {
    case 1:
      expectEqual((received as TextMessage).getText(), "text", `${what}: text`);
      break;
    case 2: {
      const bytes = received as BytesMessage;
      const body = Buffer.alloc(bytes.getBodyLength());
      bytes.readBytes(body);
      expectEqual(body.toString("hex"), "010203", `${what}: bytes`);
      break;
    }
    case 3:
      expectEqual((received as MapMessage).getString("s"), "v", `${what}: map string`);
      expectEqual((received as MapMessage).getLong("l"), BIG, `${what}: map long beyond 2^53`);
      break;
    case 4: {
      const stream = received as StreamMessage;
      expectEqual(
        [stream.readBoolean(), stream.readLong(), stream.readString()],
        [true, BIG, "s"],
        `${what}: stream`,
      );
      break;
    }
    case 5: {
      const object = received as ObjectMessage;
      expectTrue(object.isJavaSerialized(), `${what}: a Java-serialized ObjectMessage must say so`);
      const bytes = present(object.getSerializedBytes(), `${what}: serialized bytes`);
      expectEqual(bytes.subarray(0, 4).toString("hex"), "aced0005", `${what}: Java serialization magic`);
      let error: unknown;
      try {
        object.getObject();
      } catch (e) {
        error = e;
      }
      expectTrue(
        error instanceof MessageFormatException && /Java-serialized/.test(error.message),
        `${what}: getObject() on a Java-serialized body must throw MessageFormatException saying why, got ${String(error)}`,
      );
      break;
    }
    case 6:
      expectEqual(
        (received as ObjectMessage).getObject(),
        new Map<string, ObjectValue>([
          ["i", TypedValue.int(7)],
          ["l", BIG],
          ["s", "x"],
        ]),
        `${what}: AMQP-typed object (Integer 7, Long 2^62+1, String)`,
      );
      break;
  }
}

/** The body jms-ts sends as message i (see KINDS). */
function createBody(session: Session, i: number): Message {
  switch (i) {
    case 1:
      return session.createTextMessage("text");
    case 2: {
      const bytes = session.createBytesMessage();
      bytes.writeBytes(Uint8Array.from([1, 2, 3]));
      return bytes;
    }
    case 3: {
      const map = session.createMapMessage();
      map.setString("s", "v");
      map.setLong("l", BIG);
      return map;
    }
    case 4: {
      const stream = session.createStreamMessage();
      stream.writeBoolean(true);
      stream.writeLong(BIG);
      stream.writeString("s");
      return stream;
    }
    case 5:
      return session.createObjectMessage(TYPED_OBJECT);
    case 6: {
      const object = session.createObjectMessage();
      object.setSerializedBytes(SERIALIZED_HI);
      return object;
    }
    default:
      return session.createMessage();
  }
}

/** The AMQP-typed object jms-ts sends: a map of JavaScript shapes and TypedValues. */
const TYPED_OBJECT: ObjectValue = {
  i: TypedValue.int(7),
  l: BIG,
  s: "x",
  d: 0.5,
  b: true,
  list: [TypedValue.int(1), "two"],
};

/** What Qpid JMS's getObject() must return for each entry of TYPED_OBJECT: Java class and String.valueOf. */
const TYPED_OBJECT_IN_JAVA: Record<string, [string, string]> = {
  i: ["Integer", "7"],
  l: ["Long", BIG.toString()],
  s: ["String", "x"],
  d: ["Double", "0.5"],
  b: ["Boolean", "true"],
  list: ["ArrayList", "[1, two]"],
};

function expectBodyInJava(java: QpidJmsReceived, i: number, what: string): void {
  const texts = (values: QpidJmsTyped[] | undefined) => values?.map((v) => [v.class, v.text]);
  switch (i) {
    case 1:
      expectEqual(java.text, "text", `${what}: text`);
      break;
    case 2:
      expectEqual(java.bytes, "010203", `${what}: bytes`);
      break;
    case 3:
      expectEqual(
        Object.entries(java.map ?? {}).map(([name, v]) => [name, v.class, v.text]),
        [
          ["l", "Long", BIG.toString()],
          ["s", "String", "v"],
        ],
        `${what}: map entries`,
      );
      break;
    case 4:
      expectEqual(
        texts(java.stream),
        [
          ["Boolean", "true"],
          ["Long", BIG.toString()],
          ["String", "s"],
        ],
        `${what}: stream values`,
      );
      break;
    case 5: {
      const object = present(java.object, `${what}: object`);
      const entries = object.value as Record<string, QpidJmsTyped>;
      const seen = Object.fromEntries(
        Object.entries(entries).map(([name, v]) => [name, [v.class, v.text] as [string, string]]),
      );
      expectEqual(
        seen,
        TYPED_OBJECT_IN_JAVA,
        `${what}: the AMQP-typed map as Java objects (${object.class})`,
      );
      break;
    }
    case 6:
      expectEqual([java.object?.class, java.object?.text], ["String", "hi"], `${what}: deserialized object`);
      break;
  }
}

/** The UTF string both peers write: a 2-byte, a 3-byte and a supplementary (surrogate pair) character. */
const INTEROP_UTF = "naïve ☕ 😀";
