import type { TextMessage } from "@jms-ts/client";
import { type MessageConsumer, Topic } from "@jms-ts/client";
import type { ConformanceCase } from "../harness/conformance-case";
import { expectEqual, expectTrue, present, RECEIVE_MS, textOf } from "./assert";

/** How long a subscriber waits to show that a message does NOT come. */
const ABSENT_MS = 500;

async function texts(consumer: MessageConsumer, count: number, what: string): Promise<(string | null)[]> {
  const result: (string | null)[] = [];
  for (let i = 0; i < count; i++)
    result.push(textOf(await consumer.receive(RECEIVE_MS), `${what} #${i + 1}`));
  return result;
}

/** Publish/subscribe with non-durable subscribers. */
export const topicCases: ConformanceCase[] = [
  {
    id: "topic.fan-out",
    title: "every subscriber of a topic gets its own copy of each message, in order",
    requires: ["topics"],
    async run(ctx) {
      const connection = await ctx.connect();
      const session = await connection.createSession();
      const topic = session.createTopic(ctx.topicName("fan-out"));
      const first = await session.createConsumer(topic);
      const second = await (await connection.createSession()).createConsumer(topic);
      const producer = await session.createProducer(topic);
      for (const body of ["one", "two", "three"]) await producer.send(session.createTextMessage(body));
      expectEqual(await texts(first, 3, "first subscriber"), ["one", "two", "three"], "first subscriber");
      const copies = [];
      for (let i = 0; i < 3; i++) copies.push(present(await second.receive(RECEIVE_MS), `copy #${i + 1}`));
      expectEqual(
        copies.map((m) => (m as TextMessage).getText()),
        ["one", "two", "three"],
        "second subscriber",
      );
      const destination = copies[0]?.getJMSDestination();
      expectTrue(destination instanceof Topic, `JMSDestination is a Topic, got ${String(destination)}`);
      expectEqual(String(destination), String(topic), "JMSDestination");
      expectEqual(await first.receive(200), null, "a fourth message");
    },
  },
  {
    id: "topic.subscribe-later",
    title: "a non-durable subscriber gets only what is published after it subscribed",
    requires: ["topics"],
    async run(ctx) {
      const connection = await ctx.connect();
      const session = await connection.createSession();
      const topic = session.createTopic(ctx.topicName("later"));
      const early = await session.createConsumer(topic);
      const producer = await session.createProducer(topic);
      await producer.send(session.createTextMessage("before"));
      expectEqual(textOf(await early.receive(RECEIVE_MS), "early subscriber"), "before", "early subscriber");
      const late = await session.createConsumer(topic);
      await producer.send(session.createTextMessage("after"));
      expectEqual(
        textOf(await late.receive(RECEIVE_MS), "late subscriber"),
        "after",
        "late subscriber's first",
      );
      expectEqual(
        textOf(await early.receive(RECEIVE_MS), "early subscriber"),
        "after",
        "early subscriber's second",
      );
    },
  },
  {
    id: "topic.no-local",
    title:
      "a noLocal subscriber skips its own connection's messages; others still get them [JMS 2.0 Session.createConsumer]",
    requires: ["topics"],
    async run(ctx) {
      const local = await ctx.connect();
      const remote = await ctx.connect();
      const session = await local.createSession();
      const topic = session.createTopic(ctx.topicName("no-local"));
      const noLocal = await session.createConsumer(topic, null, true);
      const everything = await session.createConsumer(topic);
      await (await session.createProducer(topic)).send(session.createTextMessage("local"));
      const remoteSession = await remote.createSession();
      const remoteTopic = remoteSession.createTopic(topic.getTopicName());
      await (await remoteSession.createProducer(remoteTopic)).send(remoteSession.createTextMessage("remote"));
      expectEqual(await texts(everything, 2, "plain subscriber"), ["local", "remote"], "plain subscriber");
      expectEqual(
        textOf(await noLocal.receive(RECEIVE_MS), "noLocal subscriber"),
        "remote",
        "noLocal subscriber",
      );
      expectEqual(await noLocal.receive(ABSENT_MS), null, "a second message for the noLocal subscriber");
    },
  },
];
