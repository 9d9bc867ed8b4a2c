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
  qpidJmsSendAll,
  type QpidJmsReceived,
  type QpidJmsTyped,
} from "../peers/qpid-jms-peer";
import { expectEqual, expectTrue, present } from "./assert";
import {
  RECEIVE_MS,
  INTEROP_TIMEOUT_MS,
  setEveryPropertyType,
  JAVA_SEES,
  expectTypedPropertiesFromJava,
} from "./interop-qpid-jms-support";

/** All six message kinds, every header and typed property, both ways [qpid-jms 2.1-2.5]. */
export const qpidJmsAllKindsCases: ConformanceCase[] = [
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
