import { Session } from "@jms-ts/client";
import type { ConformanceCase } from "../harness/conformance-case";
import { expectEqual, present } from "./assert";

/** Typed message properties [JMS 2.0 3.5]: each keeps its type through the broker. */
export const propertyCases: ConformanceCase[] = [
  {
    id: "message.typed-properties",
    title:
      "properties of every JMS type arrive with their type and value, longs beyond 2^53 exact [JMS 2.0 3.5]",
    requires: ["queues"],
    async run(ctx) {
      const connection = await ctx.connect();
      const session = await connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      const queue = session.createQueue(ctx.queueName("properties"));
      const sent = session.createMessage();
      sent.setBooleanProperty("b", false);
      sent.setByteProperty("y", 127);
      sent.setShortProperty("h", -32768);
      sent.setIntProperty("i", 2147483647);
      sent.setLongProperty("l", 2n ** 63n - 1n);
      sent.setFloatProperty("f", -2.5);
      sent.setDoubleProperty("d", Number.MAX_VALUE);
      sent.setStringProperty("s", "");
      await (await session.createProducer(queue)).send(sent);
      const received = present(await (await session.createConsumer(queue)).receive(10_000), "the message");
      // JMSXDeliveryCount is always present, as in Qpid JMS [JMS 2.0 3.5.9].
      expectEqual(
        received.getPropertyNames().sort(),
        ["JMSXDeliveryCount", "b", "d", "f", "h", "i", "l", "s", "y"],
        "property names",
      );
      expectEqual(received.getBooleanProperty("b"), false, "boolean");
      expectEqual(received.getByteProperty("y"), 127, "byte");
      expectEqual(received.getShortProperty("h"), -32768, "short");
      expectEqual(received.getIntProperty("i"), 2147483647, "int");
      expectEqual(received.getLongProperty("l"), 2n ** 63n - 1n, "long");
      expectEqual(received.getFloatProperty("f"), -2.5, "float");
      expectEqual(received.getDoubleProperty("d"), Number.MAX_VALUE, "double");
      expectEqual(received.getStringProperty("s"), "", "string");
      expectEqual(received.getStringProperty("y"), "127", "byte read as string");
      expectEqual(received.getLongProperty("h"), -32768n, "short read as long");
      expectEqual(received.propertyExists("missing"), false, "propertyExists for a missing name");
    },
  },
];
