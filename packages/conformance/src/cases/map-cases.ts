import { MapMessage, Session } from "@jms-ts/client";
import type { ConformanceCase } from "../harness/conformance-case";
import { qpidJmsReceive, qpidJmsSendStructured } from "../peers/qpid-jms-peer";
import { expectEqual, expectTrue, present, throwsOnRead } from "./assert";

/** Every MapMessage value type, a long beyond 2^53 and a char outside ASCII included. */
function fill(map: MapMessage): void {
  map.setBoolean("b", true);
  map.setByte("y", -128);
  map.setShort("h", 32767);
  map.setChar("c", "é");
  map.setInt("i", -2147483648);
  map.setLong("l", 2n ** 62n + 5n);
  map.setFloat("f", 2.5);
  map.setDouble("d", 0.1);
  map.setString("s", "naïve ☕");
  map.setBytes("raw", Buffer.from([0, 255]));
}

/** MapMessage [JMS 2.0 3.10] through each broker, and into Qpid JMS. */
export const mapCases: ConformanceCase[] = [
  {
    id: "message.map-round-trip",
    title: "a MapMessage arrives as a MapMessage with every entry's type and value [JMS 2.0 3.10]",
    requires: ["queues"],
    async run(ctx) {
      const connection = await ctx.connect();
      const session = await connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      const queue = session.createQueue(ctx.queueName("map"));
      const sent = session.createMapMessage();
      fill(sent);
      await (await session.createProducer(queue)).send(sent);
      const received = present(await (await session.createConsumer(queue)).receive(10_000), "the message");
      expectTrue(received instanceof MapMessage, `expected a MapMessage, got ${received.constructor.name}`);
      const map = received as MapMessage;
      expectEqual(map.getMapNames().sort(), ["b", "c", "d", "f", "h", "i", "l", "raw", "s", "y"], "names");
      expectEqual(map.getBoolean("b"), true, "boolean");
      expectEqual(map.getByte("y"), -128, "byte");
      expectEqual(map.getShort("h"), 32767, "short");
      expectEqual(map.getChar("c"), "é", "char");
      expectEqual(map.getInt("i"), -2147483648, "int");
      expectEqual(map.getLong("l"), 2n ** 62n + 5n, "long");
      expectEqual(map.getFloat("f"), 2.5, "float");
      expectEqual(map.getDouble("d"), 0.1, "double");
      expectEqual(map.getString("s"), "naïve ☕", "string");
      expectEqual([...(map.getBytes("raw") ?? [])], [0, 255], "bytes");
    },
  },
  {
    id: "interop.jms-ts-map-to-qpid-jms",
    title: "a MapMessage written by jms-ts arrives in Qpid JMS with every entry's Java type [JMS 2.0 3.10]",
    requires: ["queues", "qpid-jms-interop"],
    needs: ["java"],
    timeoutMs: 60_000,
    async run(ctx) {
      const queueName = ctx.queueName("map-to-qpid-jms");
      const connection = await ctx.connect();
      const session = await connection.createSession();
      const sent = session.createMapMessage();
      fill(sent);
      await (await session.createProducer(session.createQueue(queueName))).send(sent);
      const [java] = await qpidJmsReceive(ctx.running, queueName, 1, 15_000);
      const seen = present(java, "the message Qpid JMS received");
      expectEqual(seen.class, "MapMessage", "class");
      const entries = present(seen.map, "map entries");
      const expected: Record<string, [string, string]> = {
        b: ["Boolean", "true"],
        y: ["Byte", "-128"],
        h: ["Short", "32767"],
        c: ["Character", "é"],
        i: ["Integer", "-2147483648"],
        l: ["Long", "4611686018427387909"],
        f: ["Float", "2.5"],
        d: ["Double", "0.1"],
        s: ["String", "naïve ☕"],
      };
      for (const [name, [javaClass, text]] of Object.entries(expected)) {
        expectEqual([entries[name]?.class, entries[name]?.text], [javaClass, text], `entry ${name}`);
      }
      expectEqual(entries["raw"]?.class, "byte[]", "entry raw class");
    },
  },
  {
    id: "interop.qpid-jms-map-to-jms-ts",
    title: "a MapMessage written by Qpid JMS reads back in jms-ts with every entry's type [JMS 2.0 3.10]",
    requires: ["queues", "qpid-jms-interop"],
    needs: ["java"],
    timeoutMs: 60_000,
    async run(ctx) {
      const queueName = ctx.queueName("map-from-qpid-jms");
      const sent = await qpidJmsSendStructured(ctx.running, queueName, "map");
      const connection = await ctx.connect();
      const session = await connection.createSession();
      const consumer = await session.createConsumer(session.createQueue(queueName));
      const received = present(await consumer.receive(15_000), "the message");
      expectTrue(received instanceof MapMessage, `expected a MapMessage, got ${received.constructor.name}`);
      expectEqual(received.getJMSMessageID(), sent.id, "JMSMessageID");
      const map = received as MapMessage;
      expectEqual(
        [map.getBoolean("b"), map.getByte("y"), map.getShort("h"), map.getChar("c"), map.getInt("i")],
        [true, -128, 32767, "é", -2147483648],
        "boolean, byte, short, char, int",
      );
      expectEqual(
        [map.getLong("l"), map.getFloat("f"), map.getDouble("d")],
        [2n ** 62n + 5n, 2.5, 0.1],
        "long, float, double",
      );
      expectEqual(
        [map.getString("s"), [...(map.getBytes("raw") ?? [])]],
        ["naïve", [0, 255]],
        "string, bytes",
      );
      // Typed on the wire: a byte entry reads as int but an int never as short.
      expectEqual(map.getInt("y"), -128, "byte read as int");
      expectTrue(
        throwsOnRead(() => map.getShort("i")),
        "an int entry read as short must throw",
      );
    },
  },
];
