import {
  InvalidSelectorException,
  type Message,
  type MessageConsumer,
  type QueueBrowser,
  type Session,
  type TextMessage,
} from "@jms-ts/client";
import type { CaseContext, ConformanceCase } from "../harness/conformance-case";
import { describeError, expectEqual, expectTrue, RECEIVE_MS, textOf } from "./assert";
import { SAMPLES, SELECTOR_ROWS, type SelectorRow, selectorOf, sendSamples } from "./selector-samples";

/** How long a selector consumer waits to show that no further message matches. */
const ABSENT_MS = 500;

/** Receives exactly `count` messages, then shows that no other arrives; resolves with their texts, sorted. */
async function receiveExactly(consumer: MessageConsumer, count: number, what: string): Promise<string[]> {
  const texts: string[] = [];
  for (let i = 0; i < count; i++) {
    const message = await consumer.receive(RECEIVE_MS);
    if (message === null)
      throw new Error(`${what}: got only [${texts.sort().join(", ")}], expected ${count}`);
    texts.push(textOf(message, what) ?? "");
  }
  const extra = await consumer.receive(ABSENT_MS);
  if (extra !== null) {
    throw new Error(
      `${what}: an unexpected message ${(extra as TextMessage).getText()} after [${texts.sort().join(", ")}]`,
    );
  }
  return texts.sort();
}

async function browseAll(browser: QueueBrowser): Promise<string[]> {
  const texts: string[] = [];
  for await (const message of browser) texts.push((message as TextMessage).getText() ?? "");
  return texts.sort();
}

/** One case per row: the 12 samples go to a fresh queue; a consumer with the selector gets exactly its set. */
function selectorCase(row: SelectorRow): ConformanceCase {
  return {
    id: `selector.${row.id}`,
    title: `${row.selector} selects exactly ${row.selects.join(" ")} [JMS 2.0 ${row.spec}]`,
    requires: ["queues", "selectors", ...(row.also ?? [])],
    async run(ctx) {
      const connection = await ctx.connect();
      const session = await connection.createSession();
      const queue = session.createQueue(ctx.queueName(row.id));
      const ids = await sendSamples(session, await session.createProducer(queue));
      const selector = selectorOf(row, ids);
      const consumer = await session.createConsumer(queue, selector);
      expectEqual(consumer.getMessageSelector(), selector, "getMessageSelector()");
      expectEqual(await receiveExactly(consumer, row.selects.length, selector), [...row.selects], selector);
    },
  };
}

/** The selectors a newcomer to JMS writes by mistake: each must fail at once, saying where. */
const INVALID_SELECTORS: readonly string[] = [
  "price == 10",
  "name = 'bob",
  "price > 10 AND",
  "JMSType = 'a' && price > 1",
  "colour IN red, blue",
];

/** The error names where the selector went wrong: a position, column or offset with its number. */
function namesPosition(message: string): boolean {
  return /\b(position|column|offset|index|char(acter)?|at)\b\D{0,3}\d+/i.test(message);
}

async function invalidSelectorError(create: () => Promise<unknown>): Promise<unknown> {
  return create().then(
    () => undefined,
    (error: unknown) => error,
  );
}

function expectInvalidSelector(error: unknown, selector: string): void {
  expectTrue(
    error instanceof InvalidSelectorException,
    `"${selector}": expected InvalidSelectorException, got ${describeError(error)}`,
  );
  const text = (error as Error).message;
  expectTrue(namesPosition(text), `"${selector}": the message names no position: ${text}`);
}

async function sampleQueue(
  ctx: CaseContext,
  base: string,
): Promise<{ session: Session; queue: ReturnType<Session["createQueue"]> }> {
  const connection = await ctx.connect();
  const session = await connection.createSession();
  const queue = session.createQueue(ctx.queueName(base));
  await sendSamples(session, await session.createProducer(queue));
  return { session, queue };
}

/** JMS message selectors [JMS 2.0 3.8], applied by the broker to queues, topics and browsers. */
export const selectorCases: ConformanceCase[] = [
  ...SELECTOR_ROWS.map(selectorCase),
  {
    id: "selector.topic-subscriber",
    title: "a topic subscriber with a selector gets only the matching publications [JMS 2.0 3.8.1]",
    requires: ["topics", "selectors"],
    async run(ctx) {
      const connection = await ctx.connect();
      const session = await connection.createSession();
      const topic = session.createTopic(ctx.topicName("selected"));
      const selected = await session.createConsumer(topic, "JMSType = 'alpha' AND i > 1");
      const everything = await session.createConsumer(topic);
      await sendSamples(session, await session.createProducer(topic));
      expectEqual(
        await receiveExactly(selected, 3, "selecting subscriber"),
        ["m03", "m07", "m12"],
        "selected",
      );
      expectEqual(
        (await receiveExactly(everything, SAMPLES.length, "plain subscriber")).length,
        SAMPLES.length,
        "plain subscriber",
      );
    },
  },
  {
    id: "selector.queue-browser",
    title:
      "a QueueBrowser with a selector shows only the matching messages and leaves all of them [JMS 2.0 5.9]",
    requires: ["queues", "selectors", "browsing", "drain"],
    async run(ctx) {
      const { session, queue } = await sampleQueue(ctx, "browsed");
      const browser = await session.createBrowser(queue, "JMSPriority >= 7 OR s LIKE '%pie'");
      expectEqual(browser.getMessageSelector(), "JMSPriority >= 7 OR s LIKE '%pie'", "getMessageSelector()");
      expectEqual(await browseAll(browser), ["m03", "m05", "m08", "m12"], "browsed");
      await browser.close();
      const consumer = await session.createConsumer(queue);
      expectEqual(
        (await receiveExactly(consumer, SAMPLES.length, "after browsing")).length,
        SAMPLES.length,
        "left on the queue",
      );
    },
  },
  {
    id: "selector.unselected-stay",
    title: "messages a selector skips stay on the queue for other consumers [JMS 2.0 3.8.1]",
    requires: ["queues", "selectors"],
    async run(ctx) {
      const { session, queue } = await sampleQueue(ctx, "unselected");
      const gamma = await session.createConsumer(queue, "JMSType = 'gamma'");
      expectEqual(await receiveExactly(gamma, 2, "gamma"), ["m04", "m11"], "gamma consumer");
      await gamma.close();
      const rest = await session.createConsumer(queue);
      const names = await receiveExactly(rest, SAMPLES.length - 2, "the rest");
      expectEqual(
        names,
        SAMPLES.map((s) => s.name).filter((n) => n !== "m04" && n !== "m11"),
        "the rest",
      );
    },
  },
  {
    id: "selector.invalid",
    title:
      "an invalid selector fails createConsumer and createBrowser with InvalidSelectorException naming the position [JMS 2.0 3.8.1]",
    requires: ["queues", "selectors"],
    async run(ctx) {
      const connection = await ctx.connect();
      const session = await connection.createSession();
      const queue = session.createQueue(ctx.queueName("invalid"));
      for (const selector of INVALID_SELECTORS) {
        expectInvalidSelector(
          await invalidSelectorError(() => session.createConsumer(queue, selector)),
          selector,
        );
      }
      const browsing = INVALID_SELECTORS[0] ?? "";
      expectInvalidSelector(
        await invalidSelectorError(() => session.createBrowser(queue, browsing)),
        browsing,
      );
      // The session survives the refusals: a valid selector still works on it.
      const consumer = await session.createConsumer(queue, "price = 10");
      const message: Message = session.createTextMessage("ten");
      message.setIntProperty("price", 10);
      await (await session.createProducer(queue)).send(message);
      expectEqual(
        textOf(await consumer.receive(RECEIVE_MS), "the valid consumer"),
        "ten",
        "after the refusals",
      );
    },
  },
];
