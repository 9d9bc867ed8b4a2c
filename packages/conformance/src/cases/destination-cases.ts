import {
  IllegalStateException,
  InvalidDestinationException,
  Queue,
  QueueRequestor,
  TemporaryQueue,
  TemporaryTopic,
  Topic,
} from "@jms-ts/client";
import type { ConformanceCase } from "../harness/conformance-case";
import { expectEqual, expectTrue, present, RECEIVE_MS, textOf } from "./assert";

async function rejectsWith(promise: Promise<unknown>, type: new (...args: never[]) => Error, what: string) {
  try {
    await promise;
  } catch (error) {
    expectTrue(error instanceof type, `${what}: expected ${type.name}, got ${String(error)}`);
    return;
  }
  throw new Error(`${what}: expected ${type.name}, but it succeeded`);
}

/** Temporary destinations, request/reply, browsing and JMSReplyTo kinds. */
export const destinationCases: ConformanceCase[] = [
  {
    id: "destination.reply-to-kinds",
    title: "JMSReplyTo keeps its kind across the broker: Queue and Topic [qpid-jms x-opt-jms-reply-to]",
    requires: ["queues"],
    async run(ctx) {
      const connection = await ctx.connect();
      const session = await connection.createSession();
      const queue = session.createQueue(ctx.queueName("reply-to"));
      const producer = await session.createProducer(queue);
      const replyQueue = session.createQueue(ctx.queueName("replies"));
      const replyTopic = session.createTopic(ctx.topicName("replies"));
      for (const replyTo of [replyQueue, replyTopic]) {
        const message = session.createTextMessage("reply somewhere");
        message.setJMSReplyTo(replyTo);
        await producer.send(message);
      }
      const consumer = await session.createConsumer(queue);
      const toQueue = present(await consumer.receive(RECEIVE_MS), "first message").getJMSReplyTo();
      const toTopic = present(await consumer.receive(RECEIVE_MS), "second message").getJMSReplyTo();
      expectTrue(toQueue instanceof Queue && !toQueue.temporary, `a Queue reply-to, got ${String(toQueue)}`);
      expectEqual(String(toQueue), String(replyQueue), "queue reply-to");
      expectTrue(toTopic instanceof Topic && !toTopic.temporary, `a Topic reply-to, got ${String(toTopic)}`);
      expectEqual(String(toTopic), String(replyTopic), "topic reply-to");
    },
  },
  {
    id: "destination.temporary-reply-to",
    title: "a TemporaryQueue or TemporaryTopic JMSReplyTo arrives as one, with the broker's name",
    requires: ["queues", "temporary-destinations"],
    async run(ctx) {
      const connection = await ctx.connect();
      const session = await connection.createSession();
      const queue = session.createQueue(ctx.queueName("temp-reply-to"));
      const producer = await session.createProducer(queue);
      const temporaries = [await session.createTemporaryQueue(), await session.createTemporaryTopic()];
      for (const replyTo of temporaries) {
        const message = session.createMessage();
        message.setJMSReplyTo(replyTo);
        await producer.send(message);
      }
      const consumer = await session.createConsumer(queue);
      const first = present(await consumer.receive(RECEIVE_MS), "first message").getJMSReplyTo();
      const second = present(await consumer.receive(RECEIVE_MS), "second message").getJMSReplyTo();
      expectTrue(first instanceof TemporaryQueue, `a TemporaryQueue reply-to, got ${String(first)}`);
      expectEqual(first?.address, temporaries[0]?.address, "temporary queue address");
      expectTrue(second instanceof TemporaryTopic, `a TemporaryTopic reply-to, got ${String(second)}`);
      expectEqual(second?.address, temporaries[1]?.address, "temporary topic address");
    },
  },
  {
    id: "temporary.queue-request-reply",
    title:
      "QueueRequestor: a request with a TemporaryQueue JMSReplyTo gets its correlated reply [JMS 2.0 6.2.2]",
    requires: ["queues", "temporary-destinations"],
    async run(ctx) {
      const service = await ctx.connect();
      const serviceSession = await service.createSession();
      const requests = serviceSession.createQueue(ctx.queueName("service"));
      const incoming = await serviceSession.createConsumer(requests);
      const serving = (async () => {
        const request = present(await incoming.receive(RECEIVE_MS), "the request");
        const replyTo = present(request.getJMSReplyTo(), "the request's JMSReplyTo");
        expectTrue(
          replyTo instanceof TemporaryQueue,
          `JMSReplyTo is a TemporaryQueue, got ${String(replyTo)}`,
        );
        const reply = serviceSession.createTextMessage(`echo: ${textOf(request, "the request")}`);
        reply.setJMSCorrelationID(request.getJMSMessageID());
        const producer = await serviceSession.createProducer(replyTo);
        await producer.send(reply);
        await producer.close();
      })();
      const client = await ctx.connect();
      const clientSession = await client.createSession();
      const requestor = new QueueRequestor(clientSession, clientSession.createQueue(requests.getQueueName()));
      ctx.defer(() => requestor.close());
      const reply = await requestor.request(clientSession.createTextMessage("ping"), RECEIVE_MS);
      await serving;
      expectEqual(textOf(reply, "the reply"), "echo: ping", "reply text");
    },
  },
  {
    id: "temporary.topic",
    title:
      "a TemporaryTopic carries messages to its subscribers and can be deleted once they close [JMS 2.0 6.2.2]",
    requires: ["temporary-destinations"],
    async run(ctx) {
      const connection = await ctx.connect();
      const session = await connection.createSession();
      const topic = await session.createTemporaryTopic();
      const consumer = await session.createConsumer(topic);
      await (await session.createProducer(topic)).send(session.createTextMessage("to the temporary topic"));
      const received = await consumer.receive(RECEIVE_MS);
      expectEqual(textOf(received, "the message"), "to the temporary topic", "text");
      const destination = received?.getJMSDestination();
      expectTrue(
        destination instanceof TemporaryTopic,
        `JMSDestination is a TemporaryTopic, got ${String(destination)}`,
      );
      await rejectsWith(topic.delete(), IllegalStateException, "delete() with a subscriber open");
      await consumer.close();
      await topic.delete();
    },
  },
  {
    id: "temporary.queue-owner-only",
    title: "only the connection that created a TemporaryQueue may consume from it [JMS 2.0 6.2.2]",
    requires: ["temporary-destinations"],
    async run(ctx) {
      const owner = await ctx.connect();
      const other = await ctx.connect();
      const session = await owner.createSession();
      const queue = await session.createTemporaryQueue();
      const otherSession = await other.createSession();
      await rejectsWith(
        otherSession.createConsumer(queue),
        InvalidDestinationException,
        "consumer on another connection",
      );
      // Sending to it from elsewhere is allowed.
      await (await otherSession.createProducer(queue)).send(otherSession.createTextMessage("from elsewhere"));
      const consumer = await session.createConsumer(queue);
      expectEqual(textOf(await consumer.receive(RECEIVE_MS), "the message"), "from elsewhere", "text");
    },
  },
  {
    id: "browser.sees-without-consuming",
    title: "a QueueBrowser shows the queue's messages in order and leaves them there [JMS 2.0 QueueBrowser]",
    requires: ["queues", "browsing", "drain"],
    async run(ctx) {
      const connection = await ctx.connect();
      const session = await connection.createSession();
      const queue = session.createQueue(ctx.queueName("browse"));
      const producer = await session.createProducer(queue);
      for (const body of ["a", "b", "c"]) await producer.send(session.createTextMessage(body));
      const browser = await session.createBrowser(queue);
      const seen: (string | null)[] = [];
      for await (const message of browser) seen.push(textOf(message, "a browsed message"));
      await browser.close();
      expectEqual(seen, ["a", "b", "c"], "browsed messages");
      const consumer = await session.createConsumer(queue);
      const consumed: (string | null)[] = [];
      for (let i = 0; i < 3; i++)
        consumed.push(textOf(await consumer.receive(RECEIVE_MS), `message ${i + 1}`));
      expectEqual(consumed, ["a", "b", "c"], "consumed after browsing");
      const empty = await session.createBrowser(queue);
      expectEqual(await empty.getEnumeration().hasMoreElements(), false, "a browser over the emptied queue");
    },
  },
];
