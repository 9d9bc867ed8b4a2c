import { DeliveryMode, Session } from "@jms-ts/client";
import type { ConformanceCase } from "../harness/conformance-case";
import { expectEqual, expectTrue, present, RECEIVE_MS, textOf } from "./assert";

/** Point-to-point behaviour of the walking skeleton: what every JMS provider must do on a queue. */
export const queueCases: ConformanceCase[] = [
  {
    id: "queue.text-round-trip",
    title: "a TextMessage sent to a queue arrives once, with its text and headers [JMS 2.0 3.4]",
    requires: ["queues"],
    async run(ctx) {
      const connection = await ctx.connect();
      const session = await connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      const queue = session.createQueue(ctx.queueName("text"));
      const producer = await session.createProducer(queue);
      const sent = session.createTextMessage("hello, conformance");
      await producer.send(sent);
      const consumer = await session.createConsumer(queue);
      const received = await consumer.receive(RECEIVE_MS);
      expectEqual(textOf(received, "the message"), "hello, conformance", "text");
      expectEqual(received?.getJMSMessageID(), sent.getJMSMessageID(), "JMSMessageID");
      expectEqual(received?.getJMSDeliveryMode(), DeliveryMode.PERSISTENT, "JMSDeliveryMode");
      expectEqual(received?.getJMSTimestamp(), sent.getJMSTimestamp(), "JMSTimestamp");
      expectEqual(received?.getJMSRedelivered(), false, "JMSRedelivered");
      expectEqual(await consumer.receive(200), null, "a second message");
    },
  },
  {
    id: "queue.headers",
    title: "JMSCorrelationID, JMSType, JMSPriority, NON_PERSISTENT and JMSExpiration travel [JMS 2.0 3.4]",
    requires: ["queues"],
    async run(ctx) {
      const connection = await ctx.connect();
      const session = await connection.createSession();
      const queue = session.createQueue(ctx.queueName("headers"));
      const producer = await session.createProducer(queue);
      const sent = session.createTextMessage("with headers");
      sent.setJMSCorrelationID("order-42");
      sent.setJMSType("invoice");
      await producer.send(sent, DeliveryMode.NON_PERSISTENT, 7, 600_000);
      const received = present(
        await (await session.createConsumer(queue)).receive(RECEIVE_MS),
        "the message",
      );
      expectEqual(received.getJMSCorrelationID(), "order-42", "JMSCorrelationID");
      expectEqual(received.getJMSType(), "invoice", "JMSType");
      expectEqual(received.getJMSPriority(), 7, "JMSPriority");
      expectEqual(received.getJMSDeliveryMode(), DeliveryMode.NON_PERSISTENT, "JMSDeliveryMode");
      expectEqual(received.getJMSExpiration(), sent.getJMSExpiration(), "JMSExpiration");
      expectTrue(
        received.getJMSExpiration() >= sent.getJMSTimestamp() + 600_000,
        "JMSExpiration = timestamp + ttl",
      );
    },
  },
  {
    id: "queue.order",
    title: "200 messages from one producer arrive in the order sent [JMS 2.0 6.2.9]",
    requires: ["queues"],
    async run(ctx) {
      const connection = await ctx.connect();
      const session = await connection.createSession();
      const queue = session.createQueue(ctx.queueName("order"));
      const producer = await session.createProducer(queue);
      const count = 200;
      await Promise.all(
        Array.from({ length: count }, (_, i) => producer.send(session.createTextMessage(`m${i}`))),
      );
      const consumer = await session.createConsumer(queue);
      for (let i = 0; i < count; i++)
        expectEqual(textOf(await consumer.receive(RECEIVE_MS), `message ${i}`), `m${i}`, `message ${i}`);
    },
  },
  {
    id: "queue.receive-timeout",
    title: "receive(timeout) and receiveNoWait() return null on an empty queue [JMS 2.0 8.2]",
    requires: ["queues"],
    async run(ctx) {
      const connection = await ctx.connect();
      const session = await connection.createSession();
      const consumer = await session.createConsumer(session.createQueue(ctx.queueName("empty")));
      const started = Date.now();
      expectEqual(await consumer.receive(300), null, "receive(300)");
      expectTrue(Date.now() - started >= 290, "receive(300) returned before its timeout");
      expectEqual(await consumer.receiveNoWait(), null, "receiveNoWait()");
    },
  },
  {
    id: "queue.client-ack-redelivery",
    title: "CLIENT_ACKNOWLEDGE: a message not acknowledged comes back with JMSRedelivered [JMS 2.0 6.2.10]",
    requires: ["queues", "redelivery"],
    async run(ctx) {
      const connection = await ctx.connect();
      const queueName = ctx.queueName("client-ack");
      const first = await connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
      const queue = first.createQueue(queueName);
      await (await first.createProducer(queue)).send(first.createTextMessage("again"));
      const once = await (await first.createConsumer(queue)).receive(RECEIVE_MS);
      expectEqual(textOf(once, "the first delivery"), "again", "first delivery");
      expectEqual(once?.getJMSRedelivered(), false, "JMSRedelivered on the first delivery");
      await first.close();
      const second = await connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
      const again = await (await second.createConsumer(second.createQueue(queueName))).receive(RECEIVE_MS);
      expectEqual(textOf(again, "the redelivery"), "again", "redelivered text");
      expectEqual(again?.getJMSRedelivered(), true, "JMSRedelivered on the redelivery");
      await again?.acknowledge();
    },
  },
  {
    id: "queue.connection-start",
    title: "a consumer receives nothing until its connection is started [JMS 2.0 6.1.5]",
    requires: ["queues"],
    async run(ctx) {
      const connection = await ctx.factory.createConnection(ctx.running.username, ctx.running.password);
      ctx.defer(() => connection.close());
      const session = await connection.createSession();
      const queue = session.createQueue(ctx.queueName("start"));
      await (await session.createProducer(queue)).send(session.createTextMessage("waiting"));
      const consumer = await session.createConsumer(queue);
      expectEqual(await consumer.receive(300), null, "receive before start()");
      await connection.start();
      expectEqual(
        textOf(await consumer.receive(RECEIVE_MS), "after start()"),
        "waiting",
        "text after start()",
      );
    },
  },
];
