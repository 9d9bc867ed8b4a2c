import { ConnectionFactory, isJMSException, type TextMessage } from "@jms-ts/client";
import type { ConformanceCase } from "../harness/conformance-case";
import { expectEqual, expectTrue, present } from "./assert";
import { withOption } from "./connections";

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

/** ConnectionFactory and Connection behaviour every broker shares: URIs, metadata, ClientID (decision 0009). */
export const connectionCases: ConformanceCase[] = [
  {
    id: "connection.metadata",
    title: "getMetaData reports JMS 2.0, provider jms-ts and the JMSX properties [JMS 2.0 6.1.7]",
    requires: [],
    async run(ctx) {
      const connection = await ctx.connect();
      const meta = connection.getMetaData();
      expectEqual(meta.getJMSVersion(), "2.0", "JMS version");
      expectEqual([meta.getJMSMajorVersion(), meta.getJMSMinorVersion()], [2, 0], "JMS major.minor");
      expectEqual(meta.getJMSProviderName(), "jms-ts", "provider name");
      expectTrue(/^\d+\.\d+\.\d+/.test(meta.getProviderVersion()), "provider version is semver");
      for (const name of ["JMSXUserID", "JMSXGroupID", "JMSXGroupSeq", "JMSXDeliveryCount"])
        expectTrue(meta.getJMSXPropertyNames().includes(name), `JMSX property names include ${name}`);
    },
  },
  {
    id: "connection.unknown-option",
    title: "an unknown or malformed URI option is a JMSException naming it, before any connection",
    requires: [],
    run(ctx) {
      const unknown = thrown(() => new ConnectionFactory(withOption(ctx.running.url, "jms.clientId=x")));
      expectTrue(isJMSException(unknown), "an unknown option throws a JMSException");
      const message = (unknown as Error).message;
      expectTrue(
        message.includes('unknown connection option "jms.clientId"'),
        `names the option: ${message}`,
      );
      expectTrue(message.includes("jms.clientID"), `lists the valid ones: ${message}`);
      const malformed = thrown(
        () => new ConnectionFactory(withOption(ctx.running.url, "amqp.idleTimeout=soon")),
      );
      expectTrue(isJMSException(malformed), "a malformed value throws a JMSException");
      expectTrue((malformed as Error).message.includes("amqp.idleTimeout"), "names the malformed option");
      return Promise.resolve();
    },
  },
  {
    id: "connection.client-id",
    title: "jms.clientID is the connection's ClientID and the connection works with it [JMS 2.0 6.1.2]",
    requires: ["queues"],
    async run(ctx) {
      const clientId = `jms-ts-conformance-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
      const factory = new ConnectionFactory(withOption(ctx.running.url, `jms.clientID=${clientId}`));
      const connection = await factory.createConnection(ctx.running.username, ctx.running.password);
      ctx.defer(() => connection.close());
      expectEqual(connection.getClientID(), clientId, "getClientID()");
      await connection.start();
      const session = await connection.createSession();
      const queue = session.createQueue(ctx.queueName("client-id"));
      await (await session.createProducer(queue)).send(session.createTextMessage("with a ClientID"));
      const received = present(await (await session.createConsumer(queue)).receive(10_000), "the message");
      expectEqual((received as TextMessage).getText(), "with a ClientID", "body");
    },
  },
];
