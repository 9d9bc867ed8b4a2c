import { JMSContext, MessageFormatException, TextMessage, type JMSException } from "@jms-ts/client";
import type { CaseContext, ConformanceCase } from "../harness/conformance-case";
import { expectEqual, expectTrue, present, RECEIVE_MS } from "./assert";

/** A JMSContext with the target's credentials, closed after the case. */
export async function openContext(ctx: CaseContext, mode = JMSContext.AUTO_ACKNOWLEDGE): Promise<JMSContext> {
  const { username, password } = ctx.running;
  const context =
    username === undefined
      ? await ctx.factory.createContext(mode)
      : await ctx.factory.createContext(username, password, mode);
  ctx.defer(() => context.close());
  return context;
}

/** JMS 2.0's simplified API [JMS 2.0 6.2, 7.2, 8.2] over the same wire as the classic one. */
export const contextCases: ConformanceCase[] = [
  {
    id: "context.bodies",
    title: "JMSProducer sends string, bytes, Map and object bodies; receiveBody returns each [JMS 2.0 8.2]",
    requires: ["queues"],
    async run(ctx) {
      const context = await openContext(ctx);
      const queue = context.createQueue(ctx.queueName("bodies"));
      const consumer = await context.createConsumer(queue);
      const producer = context.createProducer().setProperty("origin", "context").setJMSType("kinds");
      await producer.send(queue, "text body");
      await producer.send(queue, Uint8Array.of(1, 2, 3));
      await producer.send(
        queue,
        new Map<string, unknown>([
          ["n", 7],
          ["s", "x"],
        ]),
      );
      await producer.send(queue, { list: [1, "two"], flag: true });
      expectEqual(await consumer.receiveBody(String, RECEIVE_MS), "text body", "string body");
      const bytes = present(await consumer.receiveBody(Uint8Array, RECEIVE_MS), "bytes body");
      expectEqual([...bytes].join(","), "1,2,3", "bytes body");
      const map = present(await consumer.receiveBody(Map, RECEIVE_MS), "map body");
      expectEqual(map.get("s"), "x", "map entry s");
      const object = present(await consumer.receiveBody(Object, RECEIVE_MS), "object body") as Map<
        string,
        unknown
      >;
      expectTrue(object instanceof Map, "an AMQP map comes back as a Map");
      expectEqual(object.get("flag"), true, "object entry flag");
    },
  },
  {
    id: "context.headers-and-properties",
    title: "JMSProducer's delivery settings, properties and headers apply to what it sends [JMS 2.0 7.2]",
    requires: ["queues"],
    async run(ctx) {
      const context = await openContext(ctx);
      const queue = context.createQueue(ctx.queueName("headers"));
      const replyTo = context.createQueue(ctx.queueName("headers-reply"));
      const consumer = await context.createConsumer(queue);
      await context
        .createProducer()
        .setPriority(7)
        .setTimeToLive(60_000)
        .setProperty("count", 3)
        .setJMSCorrelationID("corr-1")
        .setJMSReplyTo(replyTo)
        .send(queue, "with headers");
      const message = present(await consumer.receive(RECEIVE_MS), "the message");
      expectEqual(message.getJMSPriority(), 7, "JMSPriority");
      expectTrue(message.getJMSExpiration() > Date.now(), "JMSExpiration in the future");
      expectEqual(message.getIntProperty("count"), 3, "int property");
      expectEqual(message.getJMSCorrelationID(), "corr-1", "JMSCorrelationID");
      expectEqual(message.getJMSReplyTo()?.toString(), replyTo.toString(), "JMSReplyTo");
    },
  },
  {
    id: "context.receive-body-wrong-type",
    title: "receiveBody of the wrong type throws and leaves the message to be received again [JMS 2.0 8.2]",
    requires: ["queues"],
    async run(ctx) {
      const context = await openContext(ctx);
      const queue = context.createQueue(ctx.queueName("wrong-type"));
      const consumer = await context.createConsumer(queue);
      await context.createProducer().send(queue, "just text");
      const failure = await consumer.receiveBody(Map, RECEIVE_MS).then(
        () => undefined,
        (error: unknown) => error as JMSException,
      );
      expectTrue(
        failure instanceof MessageFormatException,
        `expected MessageFormatException, got ${String(failure)}`,
      );
      expectEqual(await consumer.receiveBody(String, RECEIVE_MS), "just text", "the same message, as String");
    },
  },
  {
    id: "context.shared-connection",
    title: "createContext(mode) shares the connection; it closes with the last context [JMS 2.0 6.2.3]",
    requires: ["queues"],
    async run(ctx) {
      const first = await openContext(ctx);
      const second = await first.createContext(JMSContext.CLIENT_ACKNOWLEDGE);
      expectEqual(second.getClientID(), first.getClientID(), "one connection, one ClientID");
      expectEqual(second.getSessionMode(), JMSContext.CLIENT_ACKNOWLEDGE, "session mode");
      const queue = first.createQueue(ctx.queueName("shared"));
      await first.createProducer().send(queue, "one");
      await first.close();
      const consumer = await second.createConsumer(queue);
      const message = present(await consumer.receive(RECEIVE_MS), "message after the first context closed");
      expectTrue(message instanceof TextMessage, "a TextMessage");
      await second.acknowledge();
      await second.close();
    },
  },
  {
    id: "context.auto-start-off",
    title: "with setAutoStart(false) nothing arrives until start() [JMS 2.0 6.2.5]",
    requires: ["queues"],
    async run(ctx) {
      const context = await openContext(ctx);
      context.setAutoStart(false);
      const queue = context.createQueue(ctx.queueName("autostart"));
      const consumer = await context.createConsumer(queue);
      await context.createProducer().send(queue, "waiting");
      expectEqual(await consumer.receive(300), null, "a message before start()");
      await context.start();
      expectEqual(await consumer.receiveBody(String, RECEIVE_MS), "waiting", "the message after start()");
    },
  },
  {
    id: "context.temporary-queue-browser",
    title: "a context creates temporary queues and browsers [JMS 2.0 6.2]",
    requires: ["queues", "temporary-destinations", "browsing", "drain"],
    async run(ctx) {
      const context = await openContext(ctx);
      const temporary = await context.createTemporaryQueue();
      await context.createProducer().send(temporary, "kept");
      const browser = await context.createBrowser(temporary);
      const seen: string[] = [];
      for await (const message of browser) seen.push((message as TextMessage).getText() ?? "");
      expectEqual(seen.join(","), "kept", "browsed");
      const consumer = await context.createConsumer(temporary);
      expectEqual(await consumer.receiveBody(String, RECEIVE_MS), "kept", "still there after browsing");
    },
  },
];
