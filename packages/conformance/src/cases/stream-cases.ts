import { Session, StreamMessage } from "@jms-ts/client";
import type { ConformanceCase } from "../harness/conformance-case";
import { qpidJmsReceive, qpidJmsSendStructured } from "../peers/qpid-jms-peer";
import { expectEqual, expectTrue, present } from "./assert";

function fill(stream: StreamMessage): void {
  stream.writeBoolean(false);
  stream.writeByte(-1);
  stream.writeShort(-300);
  stream.writeChar("☕");
  stream.writeInt(123456);
  stream.writeLong(-(2n ** 62n) - 7n);
  stream.writeFloat(-0.5);
  stream.writeDouble(1e300);
  stream.writeString("end");
  stream.writeBytes(Buffer.from([1, 2]));
}

/** StreamMessage [JMS 2.0 3.11] through each broker, and into Qpid JMS. */
export const streamCases: ConformanceCase[] = [
  {
    id: "message.stream-round-trip",
    title: "a StreamMessage arrives as a StreamMessage and reads back every value in order [JMS 2.0 3.11]",
    requires: ["queues"],
    async run(ctx) {
      const connection = await ctx.connect();
      const session = await connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      const queue = session.createQueue(ctx.queueName("stream"));
      const sent = session.createStreamMessage();
      fill(sent);
      await (await session.createProducer(queue)).send(sent);
      const received = present(await (await session.createConsumer(queue)).receive(10_000), "the message");
      expectTrue(
        received instanceof StreamMessage,
        `expected a StreamMessage, got ${received.constructor.name}`,
      );
      const s = received as StreamMessage;
      expectEqual(
        [
          s.readBoolean(),
          s.readByte(),
          s.readShort(),
          s.readChar(),
          s.readInt(),
          s.readLong(),
          s.readFloat(),
          s.readDouble(),
          s.readString(),
        ],
        [false, -1, -300, "☕", 123456, -(2n ** 62n) - 7n, -0.5, 1e300, "end"],
        "values",
      );
      const tail = new Uint8Array(4);
      expectEqual(s.readBytes(tail), 2, "bytes count");
      expectEqual([...tail.subarray(0, 2)], [1, 2], "bytes");
    },
  },
  {
    id: "interop.jms-ts-stream-to-qpid-jms",
    title:
      "a StreamMessage written by jms-ts arrives in Qpid JMS with every value's Java type [JMS 2.0 3.11]",
    requires: ["queues", "qpid-jms-interop"],
    needs: ["java"],
    timeoutMs: 60_000,
    async run(ctx) {
      const queueName = ctx.queueName("stream-to-qpid-jms");
      const connection = await ctx.connect();
      const session = await connection.createSession();
      const sent = session.createStreamMessage();
      fill(sent);
      await (await session.createProducer(session.createQueue(queueName))).send(sent);
      const [java] = await qpidJmsReceive(ctx.running, queueName, 1, 15_000);
      const seen = present(java, "the message Qpid JMS received");
      expectEqual(seen.class, "StreamMessage", "class");
      const values = present(seen.stream, "stream values");
      expectEqual(
        values.map((v) => [v.class, v.text]),
        [
          ["Boolean", "false"],
          ["Byte", "-1"],
          ["Short", "-300"],
          ["Character", "☕"],
          ["Integer", "123456"],
          ["Long", "-4611686018427387911"],
          ["Float", "-0.5"],
          ["Double", "1.0E300"],
          ["String", "end"],
          ["byte[]", values[9]?.text ?? null],
        ],
        "values as Qpid JMS read them",
      );
    },
  },
  {
    id: "interop.qpid-jms-stream-to-jms-ts",
    title: "a StreamMessage written by Qpid JMS reads back in jms-ts value by value [JMS 2.0 3.11]",
    requires: ["queues", "qpid-jms-interop"],
    needs: ["java"],
    timeoutMs: 60_000,
    async run(ctx) {
      const queueName = ctx.queueName("stream-from-qpid-jms");
      const sent = await qpidJmsSendStructured(ctx.running, queueName, "stream");
      const connection = await ctx.connect();
      const session = await connection.createSession();
      const consumer = await session.createConsumer(session.createQueue(queueName));
      const received = present(await consumer.receive(15_000), "the message");
      expectTrue(
        received instanceof StreamMessage,
        `expected a StreamMessage, got ${received.constructor.name}`,
      );
      expectEqual(received.getJMSMessageID(), sent.id, "JMSMessageID");
      const s = received as StreamMessage;
      expectEqual(
        [
          s.readBoolean(),
          s.readByte(),
          s.readShort(),
          s.readChar(),
          s.readInt(),
          s.readLong(),
          s.readFloat(),
          s.readDouble(),
          s.readString(),
        ],
        [true, -128, 32767, "é", -2147483648, 2n ** 62n + 5n, 2.5, 0.1, "naïve"],
        "values",
      );
      const tail = new Uint8Array(2);
      expectEqual([s.readBytes(tail), [...tail]], [2, [0, 255]], "bytes");
    },
  },
];
