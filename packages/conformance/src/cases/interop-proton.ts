import { DeliveryMode, Session, TextMessage } from "@jms-ts/client";
import type { ConformanceCase } from "../harness/conformance-case";
import { protonReceive, protonSend } from "../peers/proton-peer";
import { expectEqual, expectTrue, present } from "./assert";

const needs = ["python-proton"] as const;

/** Messages between Qpid Proton (Python), an AMQP stack we did not write, and jms-ts, both ways. */
export const protonInteropCases: ConformanceCase[] = [
  {
    id: "interop.jms-ts-to-proton",
    title: "a jms-ts TextMessage reaches Proton as an amqp-value string with byte JMS annotations",
    requires: ["queues", "proton-interop"],
    needs,
    async run(ctx) {
      const connection = await ctx.connect();
      const session = await connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      const address = ctx.queueName("to-proton");
      const sent = session.createTextMessage("hello from jms-ts");
      await (await session.createProducer(session.createQueue(address))).send(sent);
      const [seen] = await protonReceive(ctx.running, address);
      const m = present(seen, "Proton's message");
      expectEqual(m.body, "hello from jms-ts", "body");
      expectEqual(m.body_type, "str", "body type (amqp-value string)");
      expectEqual(m.annotations["x-opt-jms-msg-type"], { value: 5, type: "byte" }, "x-opt-jms-msg-type");
      expectEqual(m.durable, true, "durable");
      expectEqual(m.id, sent.getJMSMessageID(), "message-id");
      expectEqual(m.id_type, "str", "message-id type");
    },
  },
  {
    id: "interop.proton-to-jms-ts",
    title: "a plain amqp-value string from Proton arrives as a persistent TextMessage [qpid-jms 2.2]",
    requires: ["queues", "proton-interop"],
    needs,
    async run(ctx) {
      const connection = await ctx.connect();
      const session = await connection.createSession();
      const address = ctx.queueName("from-proton");
      await protonSend(ctx.running, address, "hello from proton");
      const received = present(
        await (await session.createConsumer(session.createQueue(address))).receive(10_000),
        "the message",
      );
      expectTrue(received instanceof TextMessage, `expected a TextMessage, got ${received.constructor.name}`);
      expectEqual((received as TextMessage).getText(), "hello from proton", "text");
      expectEqual(received.getJMSDeliveryMode(), DeliveryMode.PERSISTENT, "JMSDeliveryMode");
    },
  },
  {
    id: "interop.proton-both-ways-100",
    title: "100 messages each way between Proton and jms-ts arrive complete and in order",
    requires: ["queues", "proton-interop"],
    needs,
    timeoutMs: 60_000,
    async run(ctx) {
      const count = 100;
      const expected = (prefix: string) => Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
      const connection = await ctx.connect();
      const session = await connection.createSession();
      const inbound = ctx.queueName("proton-in");
      await protonSend(ctx.running, inbound, "p", count);
      const consumer = await session.createConsumer(session.createQueue(inbound));
      const texts: (string | null)[] = [];
      for (let i = 0; i < count; i++)
        texts.push((present(await consumer.receive(10_000), `message ${i}`) as TextMessage).getText());
      expectEqual(texts, expected("p"), "texts received from Proton");
      const outbound = ctx.queueName("proton-out");
      const producer = await session.createProducer(session.createQueue(outbound));
      for (const text of expected("t")) await producer.send(session.createTextMessage(text));
      const seen = await protonReceive(ctx.running, outbound, count);
      expectEqual(
        seen.map((m) => m.body),
        expected("t"),
        "texts Proton received",
      );
    },
  },
];
