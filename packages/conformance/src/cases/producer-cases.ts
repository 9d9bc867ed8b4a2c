import type { TextMessage } from "@jms-ts/client";
import {
  type CompletionListener,
  DeliveryMode,
  type JMSException,
  type Message,
  type MessageConsumer,
  type Session,
} from "@jms-ts/client";
import type { ConformanceCase } from "../harness/conformance-case";
import { expectEqual, expectTrue, present, RECEIVE_MS, textOf } from "./assert";

async function consumerFor(session: Session, name: string): Promise<MessageConsumer> {
  return session.createConsumer(session.createQueue(name));
}

/** MessageProducer behaviour end to end: headers it sets, async sends, anonymous producers, delays. */
export const producerCases: ConformanceCase[] = [
  {
    id: "producer.ttl-expiration",
    title: "a time to live arrives as JMSExpiration = JMSTimestamp + ttl; without one it is 0 [JMS 2.0 7.8]",
    requires: ["queues"],
    async run(ctx) {
      const connection = await ctx.connect();
      const session = await connection.createSession();
      const name = ctx.queueName("ttl");
      const producer = await session.createProducer(session.createQueue(name));
      const living = session.createTextMessage("ttl");
      await producer.send(living, DeliveryMode.PERSISTENT, 4, 300_000);
      const forever = session.createTextMessage("forever");
      await producer.send(forever);
      const consumer = await consumerFor(session, name);
      const first = present(await consumer.receive(RECEIVE_MS), "the message with a ttl");
      expectEqual(first.getJMSExpiration(), living.getJMSTimestamp() + 300_000, "JMSExpiration");
      const second = present(await consumer.receive(RECEIVE_MS), "the message without a ttl");
      expectEqual(second.getJMSExpiration(), 0, "JMSExpiration without a ttl");
    },
  },
  {
    id: "producer.priority-header",
    title: "JMSPriority 0 and 9 set per send arrive unchanged; the producer default stays 4 [JMS 2.0 3.4.10]",
    requires: ["queues"],
    async run(ctx) {
      const connection = await ctx.connect();
      const session = await connection.createSession();
      const name = ctx.queueName("priority");
      const producer = await session.createProducer(session.createQueue(name));
      await producer.send(session.createTextMessage("low"), DeliveryMode.PERSISTENT, 0, 0);
      await producer.send(session.createTextMessage("default"));
      await producer.send(session.createTextMessage("high"), DeliveryMode.PERSISTENT, 9, 0);
      const consumer = await consumerFor(session, name);
      const seen = new Map<string | null, number>();
      for (let i = 0; i < 3; i++) {
        const message = present(await consumer.receive(RECEIVE_MS), `message ${i + 1}`);
        seen.set(textOf(message, `message ${i + 1}`), message.getJMSPriority());
      }
      expectEqual(seen.get("low"), 0, "priority of low");
      expectEqual(seen.get("default"), 4, "priority of default");
      expectEqual(seen.get("high"), 9, "priority of high");
    },
  },
  {
    id: "producer.disable-id-timestamp",
    title:
      "setDisableMessageID/Timestamp: the message arrives without JMSMessageID and with JMSTimestamp 0 [JMS 2.0 3.4.3]",
    requires: ["queues"],
    async run(ctx) {
      const connection = await ctx.connect();
      const session = await connection.createSession();
      const name = ctx.queueName("disabled");
      const producer = await session.createProducer(session.createQueue(name));
      producer.setDisableMessageID(true);
      producer.setDisableMessageTimestamp(true);
      await producer.send(session.createTextMessage("bare"));
      const received = present(await (await consumerFor(session, name)).receive(RECEIVE_MS), "the message");
      expectEqual(textOf(received, "the message"), "bare", "text");
      expectEqual(received.getJMSMessageID(), null, "JMSMessageID");
      expectEqual(received.getJMSTimestamp(), 0, "JMSTimestamp");
    },
  },
  {
    id: "producer.async-completion-order",
    title: "50 sends with a CompletionListener complete in send order and all arrive [JMS 2.0 7.3]",
    requires: ["queues"],
    async run(ctx) {
      const connection = await ctx.connect();
      const session = await connection.createSession();
      const name = ctx.queueName("async");
      const producer = await session.createProducer(session.createQueue(name));
      const count = 50;
      const completed: string[] = [];
      const failures: string[] = [];
      let allDone: () => void = () => undefined;
      const done = new Promise<void>((resolve) => (allDone = resolve));
      const listener: CompletionListener = {
        onCompletion(message: Message) {
          completed.push((message as TextMessage).getText() ?? "");
          if (completed.length + failures.length === count) allDone();
        },
        onException(message: Message, exception: JMSException) {
          failures.push(`${(message as TextMessage).getText() ?? ""}: ${exception.message}`);
          if (completed.length + failures.length === count) allDone();
        },
      };
      for (let i = 0; i < count; i++) await producer.send(session.createTextMessage(`m${i}`), listener);
      await Promise.race([
        done,
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error("completions still missing after 10 s")), 10_000),
        ),
      ]);
      expectEqual(failures, [], "failed sends");
      expectEqual(
        completed,
        Array.from({ length: count }, (_, i) => `m${i}`),
        "completion order",
      );
      const consumer = await consumerFor(session, name);
      for (let i = 0; i < count; i++) {
        expectEqual(textOf(await consumer.receive(RECEIVE_MS), `message ${i}`), `m${i}`, `message ${i}`);
      }
    },
  },
  {
    id: "producer.anonymous",
    title:
      "an anonymous producer (createProducer(null)) sends to the destination each send names [JMS 2.0 7.2]",
    requires: ["queues"],
    async run(ctx) {
      const connection = await ctx.connect();
      const session = await connection.createSession();
      const [a, b] = [ctx.queueName("anon-a"), ctx.queueName("anon-b")];
      const producer = await session.createProducer(null);
      expectEqual(producer.getDestination(), null, "getDestination()");
      await producer.send(session.createQueue(a), session.createTextMessage("to a"));
      await producer.send(session.createQueue(b), session.createTextMessage("to b"));
      await producer.send(session.createQueue(a), session.createTextMessage("to a again"));
      const fromA = await consumerFor(session, a);
      expectEqual(textOf(await fromA.receive(RECEIVE_MS), "first on a"), "to a", "first on a");
      expectEqual(textOf(await fromA.receive(RECEIVE_MS), "second on a"), "to a again", "second on a");
      const fromB = present(await (await consumerFor(session, b)).receive(RECEIVE_MS), "message on b");
      expectEqual(textOf(fromB, "message on b"), "to b", "message on b");
      expectEqual(fromB.getJMSDestination()?.toString(), session.createQueue(b).toString(), "JMSDestination");
    },
  },
  {
    id: "producer.anonymous-relay",
    title: "through the broker's ANONYMOUS-RELAY, one producer reaches three queues in one go [qpid-jms 2.6]",
    requires: ["queues", "anonymous-relay"],
    async run(ctx) {
      const connection = await ctx.connect();
      const session = await connection.createSession();
      const names = ["relay-1", "relay-2", "relay-3"].map((n) => ctx.queueName(n));
      const producer = await session.createProducer(null);
      await Promise.all(
        names.map((name) => producer.send(session.createQueue(name), session.createTextMessage(name))),
      );
      for (const name of names) {
        const received = await (await consumerFor(session, name)).receive(RECEIVE_MS);
        expectEqual(textOf(received, `message on ${name}`), name, `message on ${name}`);
      }
    },
  },
  {
    id: "producer.delivery-delay",
    title: "a delivery delay holds the message back until JMSDeliveryTime [JMS 2.0 7.9]",
    requires: ["queues", "delayed-delivery"],
    async run(ctx) {
      const connection = await ctx.connect();
      const session = await connection.createSession();
      const name = ctx.queueName("delay");
      const producer = await session.createProducer(session.createQueue(name));
      const delay = 2000;
      producer.setDeliveryDelay(delay);
      const sent = session.createTextMessage("later");
      await producer.send(sent);
      expectEqual(
        sent.getJMSDeliveryTime(),
        sent.getJMSTimestamp() + delay,
        "JMSDeliveryTime on the sent message",
      );
      const consumer = await consumerFor(session, name);
      expectEqual(await consumer.receive(delay / 4), null, "a message before its delivery time");
      const received = present(await consumer.receive(RECEIVE_MS), "the delayed message");
      // Brokers' clocks are the same machine's here; allow a little scheduling slack.
      expectTrue(Date.now() >= sent.getJMSDeliveryTime() - 100, "received no earlier than JMSDeliveryTime");
      expectEqual(received.getJMSDeliveryTime(), sent.getJMSDeliveryTime(), "JMSDeliveryTime received");
    },
  },
];
