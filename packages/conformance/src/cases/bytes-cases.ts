import { BytesMessage, Session } from "@jms-ts/client";
import type { ConformanceCase } from "../harness/conformance-case";
import { expectEqual, expectTrue, present } from "./assert";

/** BytesMessage [JMS 2.0 3.12]: Java's DataOutput layout through the broker, read back typed. */
export const bytesCases: ConformanceCase[] = [
  {
    id: "message.bytes-round-trip",
    title: "a BytesMessage arrives as a BytesMessage and reads back every written type [JMS 2.0 3.12]",
    requires: ["queues"],
    async run(ctx) {
      const connection = await ctx.connect();
      const session = await connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      const queue = session.createQueue(ctx.queueName("bytes"));
      const sent = session.createBytesMessage();
      sent.writeBoolean(true);
      sent.writeShort(-2);
      sent.writeLong(2n ** 62n + 3n);
      sent.writeDouble(0.1);
      sent.writeUTF("naïve ☕ 😀");
      sent.writeBytes(Buffer.from([0, 255]));
      await (await session.createProducer(queue)).send(sent);
      const received = present(await (await session.createConsumer(queue)).receive(10_000), "the message");
      expectTrue(
        received instanceof BytesMessage,
        `expected a BytesMessage, got ${received.constructor.name}`,
      );
      const bytes = received as BytesMessage;
      expectEqual(bytes.getBodyLength(), 1 + 2 + 8 + 8 + 2 + 17 + 2, "body length");
      expectEqual(bytes.readBoolean(), true, "boolean");
      expectEqual(bytes.readShort(), -2, "short");
      expectEqual(bytes.readLong(), 2n ** 62n + 3n, "long");
      expectEqual(bytes.readDouble(), 0.1, "double");
      expectEqual(bytes.readUTF(), "naïve ☕ 😀", "UTF");
      const tail = new Uint8Array(4);
      expectEqual(bytes.readBytes(tail), 2, "bytes read at the end");
      expectEqual([...tail.subarray(0, 2)], [0, 255], "trailing bytes");
    },
  },
];
