import { amqp, type AmqpValue, decodeMessage, encodeMessage, type MessageSections } from "@jms-ts/codec";
import { beforeEach, describe, expect, it } from "vitest";
import { PeerFixture } from "../../../test/support/peer-fixture";
import { ScriptedPeer } from "../../../test/support/scripted-peer";
import type { Session } from "../../index";
import {
  IllegalStateException,
  InvalidDestinationException,
  InvalidSelectorException,
  JMSException,
  Queue,
  TemporaryQueue,
  TemporaryTopic,
  type TextMessage,
  Topic,
} from "../../index";

// Destinations on the wire (decision 0012): what Qpid JMS sends for topics, temporary destinations,
// noLocal subscribers and browsers [qpid-jms 2.3, 2.6, 2.9], asserted frame by frame.

const OUTCOMES = ["amqp:accepted:list", "amqp:rejected:list", "amqp:released:list", "amqp:modified:list"];

const fixture = new PeerFixture();
let peer: ScriptedPeer;
beforeEach(() => {
  peer = fixture.peer;
});
const session = (query?: string, mode?: number): Promise<Session> => fixture.session(query, mode);

function annotation(sections: MessageSections, key: string): AmqpValue | undefined {
  return sections.messageAnnotations?.find(([k]) => k.type === "symbol" && k.value === key)?.[1];
}

/** A described value as rhea decoded it, with rhea's typed wrappers taken off. */
function described(value: unknown): { descriptor: unknown; value: unknown } {
  const plain = (v: unknown): unknown =>
    v !== null && typeof v === "object" && "type" in v && "value" in v ? (v as { value: unknown }).value : v;
  const typed = value as { descriptor: unknown; value: unknown };
  return { descriptor: plain(typed.descriptor), value: plain(typed.value) };
}

describe("[qpid-jms 2.6] topic links", () => {
  it("a topic producer's target carries the topic capability", async () => {
    const s = await session();
    await s.createProducer(s.createTopic("news"));
    expect(peer.attachFor("sender", "news")?.target).toMatchObject({
      address: "news",
      capabilities: ["topic"],
    });
  });

  it("a non-durable topic subscriber: source capability topic, durable none, expiry link-detach, no copy mode, no filter", async () => {
    const s = await session();
    const consumer = await s.createConsumer(s.createTopic("news"));
    const attach = peer.attachFor("receiver", "news");
    expect(attach).toMatchObject({
      name: `qpid-jms:receiver:${consumer.id}:news`,
      source: {
        address: "news",
        capabilities: ["topic"],
        durable: 0,
        expiryPolicy: "link-detach",
        outcomes: OUTCOMES,
      },
      sndSettleMode: 0,
      rcvSettleMode: 0,
    });
    expect(attach?.source?.distributionMode).toBeUndefined();
    expect(attach?.source?.filter).toBeUndefined();
  });

  it("[JMS 2.0 Session.createConsumer] noLocal sends the no-local filter as Qpid JMS writes it", async () => {
    const s = await session();
    await s.createConsumer(s.createTopic("news"), null, true);
    const filter = peer.attachFor("receiver", "news")?.source?.filter;
    expect(Object.keys(filter ?? {})).toEqual(["no-local"]);
    expect(described(filter?.["no-local"])).toEqual({
      descriptor: 0x468c00000003,
      value: "NoLocalFilter{}",
    });
  });

  it("[qpid-jms 2.1] a selector goes verbatim as the jms-selector filter (apache.org:selector-filter:string)", async () => {
    const s = await session();
    const selector = `"my.quoted-var" = 'some-value' AND myvar = 42`;
    const consumer = await s.createConsumer(s.createQueue("orders"), selector);
    const filter = peer.attachFor("receiver", "orders")?.source?.filter;
    expect(Object.keys(filter ?? {})).toEqual(["jms-selector"]);
    expect(described(filter?.["jms-selector"])).toEqual({ descriptor: 0x468c00000004, value: selector });
    expect(consumer.getMessageSelector()).toBe(selector);
  });

  it("[JMS 2.0 Session.createConsumer] a topic subscriber with a selector and noLocal sends both filters", async () => {
    const s = await session();
    await s.createConsumer(s.createTopic("news"), "colour = 'red'", true);
    const filter = peer.attachFor("receiver", "news")?.source?.filter;
    expect(Object.keys(filter ?? {}).sort()).toEqual(["jms-selector", "no-local"]);
    expect(described(filter?.["jms-selector"]).value).toBe("colour = 'red'");
    expect(described(filter?.["no-local"]).value).toBe("NoLocalFilter{}");
  });

  it("[JMS 2.0 3.8.1] an empty or blank selector sends no filter", async () => {
    const s = await session();
    const consumer = await s.createConsumer(s.createQueue("blank"), "   ");
    expect(peer.attachFor("receiver", "blank")?.source?.filter).toBeUndefined();
    expect(consumer.getMessageSelector()).toBeNull();
  });

  it("[JMS 2.0 3.8.1] an invalid selector is an InvalidSelectorException before anything is attached", async () => {
    const s = await session();
    const attaches = peer.attaches.length;
    const creating = s.createConsumer(s.createTopic("news"), "color = 'red' AND");
    await expect(creating).rejects.toBeInstanceOf(InvalidSelectorException);
    await expect(creating).rejects.toThrow(/at column \d+: expected/);
    expect(peer.attaches).toHaveLength(attaches);
  });

  it("jms.validateSelector=false attaches with the selector unparsed: the broker judges it", async () => {
    const s = await session("jms.validateSelector=false");
    await s.createConsumer(s.createQueue("raw"), "price == 10");
    const filter = peer.attachFor("receiver", "raw")?.source?.filter;
    expect(described(filter?.["jms-selector"]).value).toBe("price == 10");
  });

  it("a browser's selector is sent with distribution-mode copy", async () => {
    const s = await session();
    const browser = await s.createBrowser(s.createQueue("stock"), "JMSPriority > 4");
    const source = peer.attachFor("receiver", "stock")?.source;
    expect(source?.distributionMode).toBe("copy");
    expect(described(source?.filter?.["jms-selector"]).value).toBe("JMSPriority > 4");
    expect(browser.getMessageSelector()).toBe("JMSPriority > 4");
  });
});

describe("[qpid-jms 2.9] temporary destinations", () => {
  it("a temporary queue is a sender with a dynamic target, delete-on-close and the temporary-queue capability", async () => {
    const s = await session();
    const temporary = await s.createTemporaryQueue();
    expect(temporary).toBeInstanceOf(TemporaryQueue);
    expect(temporary.getQueueName()).toBe("dynamic-1");
    const attach = peer.attaches.find((a) => a.name.startsWith("qpid-jms:temp-queue-creator:"));
    expect(attach).toMatchObject({
      role: "sender",
      target: { dynamic: true, durable: 0, expiryPolicy: "link-detach", capabilities: ["temporary-queue"] },
      sndSettleMode: 0,
    });
    expect(attach?.target?.address).toBeUndefined();
    // amqp:delete-on-close:list [AMQP 3.5.10].
    const lifetime = attach?.target?.dynamicNodeProperties?.["lifetime-policy"];
    expect(described(lifetime)).toEqual({ descriptor: 0x2b, value: [] });
  });

  it("a temporary topic asks for the temporary-topic capability; consumers on it send that capability too", async () => {
    const s = await session();
    const temporary = await s.createTemporaryTopic();
    expect(temporary).toBeInstanceOf(TemporaryTopic);
    const creator = peer.attaches.find((a) => a.name.startsWith("qpid-jms:temp-topic-creator:"));
    expect(creator?.target?.capabilities).toEqual(["temporary-topic"]);
    await s.createConsumer(temporary);
    expect(peer.attachFor("receiver", temporary.getTopicName())?.source?.capabilities).toEqual([
      "temporary-topic",
    ]);
  });

  it("[JMS 2.0 6.2.2] delete() closes the creator link, and is refused while a consumer reads from it", async () => {
    const s = await session();
    const temporary = await s.createTemporaryQueue();
    const consumer = await s.createConsumer(temporary);
    await expect(temporary.delete()).rejects.toBeInstanceOf(IllegalStateException);
    await consumer.close();
    await temporary.delete();
    const creator = peer.attaches.find((a) => a.name.startsWith("qpid-jms:temp-queue-creator:"));
    expect(peer.detaches).toContain(creator?.name);
    await expect(s.createProducer(temporary)).rejects.toBeInstanceOf(IllegalStateException);
  });

  it("a dynamic node the peer refuses is a JMSException carrying the peer's condition", async () => {
    const s = await session();
    peer.refuseAttach(ScriptedPeer.DYNAMIC, {
      condition: "amqp:not-implemented",
      description: "no dynamic nodes",
    });
    const creating = s.createTemporaryQueue();
    await expect(creating).rejects.toBeInstanceOf(JMSException);
    await expect(creating).rejects.toMatchObject({ errorCode: "amqp:not-implemented" });
  });
});

describe("[qpid-jms 2.3] destination type annotations", () => {
  it("x-opt-jms-dest and x-opt-jms-reply-to carry 1 for a topic and 2 for a temporary queue", async () => {
    const s = await session();
    const replyTo = await s.createTemporaryQueue();
    const producer = await s.createProducer(s.createTopic("news"));
    const message = s.createTextMessage("ask");
    message.setJMSReplyTo(replyTo);
    await producer.send(message);
    const sections = decodeMessage((await peer.nextTransfer(1)).bytes);
    expect(sections.properties?.to).toBe("news");
    expect(sections.properties?.replyTo).toBe(replyTo.getQueueName());
    expect(annotation(sections, "x-opt-jms-dest")).toEqual(amqp.byte(1));
    expect(annotation(sections, "x-opt-jms-reply-to")).toEqual(amqp.byte(2));
  });

  it("a temporary topic reply-to is 3, a queue destination 0", async () => {
    const s = await session();
    const replyTo = await s.createTemporaryTopic();
    const producer = await s.createProducer(s.createQueue("requests"));
    const message = s.createMessage();
    message.setJMSReplyTo(replyTo);
    await producer.send(message);
    const sections = decodeMessage((await peer.nextTransfer(1)).bytes);
    expect(annotation(sections, "x-opt-jms-dest")).toEqual(amqp.byte(0));
    expect(annotation(sections, "x-opt-jms-reply-to")).toEqual(amqp.byte(3));
  });

  it("received annotations surface as Topic, TemporaryQueue and TemporaryTopic", async () => {
    const s = await session();
    const consumer = await s.createConsumer(s.createQueue("in"));
    await peer.sendTo(
      "in",
      encodeMessage({
        messageAnnotations: [
          [amqp.symbol("x-opt-jms-dest"), amqp.byte(1)],
          [amqp.symbol("x-opt-jms-reply-to"), amqp.byte(2)],
        ],
        properties: { to: "news", replyTo: "tmp-q" },
      }),
    );
    await peer.sendTo(
      "in",
      encodeMessage({
        messageAnnotations: [[amqp.symbol("x-opt-jms-reply-to"), amqp.byte(3)]],
        properties: { to: "in", replyTo: "tmp-t" },
      }),
    );
    const first = await consumer.receive(5000);
    expect(first?.getJMSDestination()).toBeInstanceOf(Topic);
    expect(first?.getJMSDestination()?.toString()).toBe("topic://news");
    expect(first?.getJMSReplyTo()).toBeInstanceOf(TemporaryQueue);
    expect((first?.getJMSReplyTo() as TemporaryQueue).getQueueName()).toBe("tmp-q");
    const second = await consumer.receive(5000);
    expect(second?.getJMSDestination()).toBeInstanceOf(Queue);
    expect(second?.getJMSReplyTo()).toBeInstanceOf(TemporaryTopic);
  });

  it("without annotations the consumer's destination kind decides; legacy x-opt-reply-type strings are read", async () => {
    const s = await session();
    const consumer = await s.createConsumer(s.createTopic("news"));
    await peer.sendTo("news", encodeMessage({ properties: { to: "news", replyTo: "back" } }));
    await peer.sendTo(
      "news",
      encodeMessage({
        messageAnnotations: [[amqp.symbol("x-opt-reply-type"), amqp.string("temporary,queue")]],
        properties: { replyTo: "tmp" },
      }),
    );
    const plain = await consumer.receive(5000);
    expect(plain?.getJMSDestination()).toBeInstanceOf(Topic);
    expect(plain?.getJMSReplyTo()).toBeInstanceOf(Topic);
    const legacy = await consumer.receive(5000);
    expect(legacy?.getJMSReplyTo()).toBeInstanceOf(TemporaryQueue);
    // No `to`: JMSDestination is the consumer's destination.
    expect(legacy?.getJMSDestination()?.toString()).toBe("topic://news");
  });
});

describe("[qpid-jms 2.6] QueueBrowser", () => {
  it("browses with distribution-mode copy on a presettled link and ends when a drain comes back empty", async () => {
    const s = await session();
    const browser = await s.createBrowser(s.createQueue("stock"));
    const attach = peer.attachFor("receiver", "stock");
    expect(attach).toMatchObject({
      name: `qpid-jms:receiver:${browser.id}:stock`,
      source: { address: "stock", capabilities: ["queue"], distributionMode: "copy" },
      sndSettleMode: 1,
    });
    for (const text of ["a", "b"]) {
      await peer.sendTo("stock", encodeMessage({ body: { kind: "value", value: amqp.string(text) } }));
    }
    const seen: string[] = [];
    for await (const message of browser) seen.push((message as TextMessage).getText() ?? "");
    expect(seen).toEqual(["a", "b"]);
    // Copies are never acknowledged.
    expect(peer.dispositions).toEqual([]);
    expect(browser.getMessageSelector()).toBeNull();
    expect(browser.getQueue().getQueueName()).toBe("stock");
    await browser.close();
  });

  it("a topic cannot be browsed", async () => {
    const s = await session();
    await expect(s.createBrowser(s.createTopic("news") as unknown as Queue)).rejects.toBeInstanceOf(
      InvalidDestinationException,
    );
  });
});
