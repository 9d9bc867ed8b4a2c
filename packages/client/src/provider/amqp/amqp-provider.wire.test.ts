import { amqp, type AmqpValue, decodeMessage, encodeMessage, type MessageSections } from "@jms-ts/codec";
import { beforeEach, describe, expect, it } from "vitest";
import { PeerFixture } from "../../../test/support/peer-fixture";
import type { RecordedTransfer, ScriptedPeer } from "../../../test/support/scripted-peer";
import {
  type Connection,
  ConnectionFailedException,
  DeliveryMode,
  InvalidDestinationException,
  isJMSException,
  type JMSException,
  type Message,
  ResourceAllocationException,
  SendFailedException,
  Session,
  TextMessage,
} from "../../index";
import { CLIENT_VERSION } from "./client-version";

// Provider tests against a scripted AMQP peer (CONVENTIONS rule 19): what goes on the wire must be what
// Qpid JMS puts there [qpid-jms 2], byte for byte where the mapping says so.

const fixture = new PeerFixture();
let peer: ScriptedPeer;
beforeEach(() => {
  peer = fixture.peer;
});
const connect = (query?: string): Promise<Connection> => fixture.connect(query);
const session = (query?: string, mode?: number): Promise<Session> => fixture.session(query, mode);

function annotation(sections: MessageSections, key: string): AmqpValue | undefined {
  return sections.messageAnnotations?.find(([k]) => k.type === "symbol" && k.value === key)?.[1];
}

function decoded(transfer: RecordedTransfer): MessageSections {
  return decodeMessage(transfer.bytes);
}

/** A bound on a wait that must end by itself; rejects naming what did not happen. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: still pending after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe("[qpid-jms 2.8] connection open", () => {
  it("sends container-id = ClientID, the four desired capabilities, product/version properties and the URI host", async () => {
    const connection = await connect("jms.clientID=abc");
    expect(connection.getClientID()).toBe("abc");
    expect(peer.opens).toHaveLength(1);
    const [open] = peer.opens;
    expect(open?.containerId).toBe("abc");
    expect(open?.desiredCapabilities).toEqual([
      "sole-connection-for-container",
      "DELAYED_DELIVERY",
      "ANONYMOUS-RELAY",
      "SHARED-SUBS",
    ]);
    expect(open?.offeredCapabilities).toEqual([]);
    expect(open?.properties).toMatchObject({ product: "jms-ts", version: CLIENT_VERSION });
    expect(open?.properties["platform"]).toMatch(/^Node\.js v\d+/);
    expect(open?.hostname).toBe("127.0.0.1");
  });

  it("uses the generated connection id as container-id without jms.clientID, and amqp.vhost as hostname", async () => {
    const connection = await connect("amqp.vhost=broker.example");
    expect(peer.opens[0]?.containerId).toBe(connection.getClientID());
    expect(peer.opens[0]?.containerId).toMatch(/^ID:[0-9a-f-]{36}:\d+$/);
    expect(peer.opens[0]?.hostname).toBe("broker.example");
  });
});

describe("[qpid-jms 2.6] link attach", () => {
  it("attaches a producer as qpid-jms:sender:<producerId>:<address> with the queue capability and four outcomes", async () => {
    const s = await session();
    const producer = await s.createProducer(s.createQueue("orders"));
    const attach = peer.attachFor("sender", "orders");
    expect(attach).toMatchObject({
      name: `qpid-jms:sender:${producer.id}:orders`,
      target: { address: "orders", capabilities: ["queue"] },
      source: {
        address: producer.id,
        outcomes: ["amqp:accepted:list", "amqp:rejected:list", "amqp:released:list", "amqp:modified:list"],
      },
      sndSettleMode: 0,
      rcvSettleMode: 0,
    });
  });

  it("attaches a consumer as qpid-jms:receiver:<consumerId>:<address>, expiring on link detach, and grants 1000 credit", async () => {
    const s = await session();
    const consumer = await s.createConsumer(s.createQueue("orders"));
    const attach = peer.attachFor("receiver", "orders");
    expect(attach).toMatchObject({
      name: `qpid-jms:receiver:${consumer.id}:orders`,
      source: {
        address: "orders",
        capabilities: ["queue"],
        expiryPolicy: "link-detach",
        outcomes: ["amqp:accepted:list", "amqp:rejected:list", "amqp:released:list", "amqp:modified:list"],
      },
      sndSettleMode: 0,
      rcvSettleMode: 0,
    });
    expect(attach?.target).not.toBeNull();
    // default-outcome modified(delivery-failed=true) [qpid-jms 2.6], as rhea decodes it.
    const defaultOutcome = attach?.source?.defaultOutcome as {
      descriptor: { value: unknown };
      value: { value: unknown }[];
    };
    expect(defaultOutcome.descriptor.value).toBe(0x27);
    expect(defaultOutcome.value[0]?.value).toBe(true);
    // One credit until the first message shows the size (jms.consumerWindowBytes), then the prefetch.
    await peer.waitFor("credit 1", () => (peer.creditFor("orders") === 1 ? true : undefined));
    await peer.sendTo("orders", encodeMessage({ body: { kind: "value", value: amqp.string("first") } }));
    expect(
      await peer.waitFor("credit 999", () => (peer.creditFor("orders") === 999 ? true : undefined)),
    ).toBe(true);
  });

  it("without a byte window grants jms.prefetchPolicy.all as the consumer's credit at once, as Qpid JMS", async () => {
    const s = await session("jms.prefetchPolicy.all=7&jms.consumerWindowBytes=0");
    await s.createConsumer(s.createQueue("small"));
    await peer.waitFor("any credit", () => (peer.creditFor("small") > 0 ? true : undefined));
    expect(peer.creditFor("small")).toBe(7);
  });
});

describe("[qpid-jms 2.2-2.5] transfer bytes", () => {
  async function sendAndDecode(
    send: (s: Session, producer: Awaited<ReturnType<Session["createProducer"]>>) => Promise<Message>,
  ): Promise<{ message: Message; sections: MessageSections; transfer: RecordedTransfer }> {
    const s = await session();
    const producer = await s.createProducer(s.createQueue("orders"));
    const message = await send(s, producer);
    const transfer = await peer.nextTransfer(1);
    return { message, sections: decoded(transfer), transfer };
  }

  it("a persistent TextMessage: type 5, queue destination, string body, ids, creation time, durable header", async () => {
    const { message, sections, transfer } = await sendAndDecode(async (s, producer) => {
      const text = s.createTextMessage("hello");
      await producer.send(text);
      return text;
    });
    expect(annotation(sections, "x-opt-jms-msg-type")).toEqual({ type: "byte", value: 5 });
    expect(annotation(sections, "x-opt-jms-dest")).toEqual({ type: "byte", value: 0 });
    expect(sections.body).toEqual({ kind: "value", value: { type: "string", value: "hello" } });
    expect(sections.properties?.messageId?.type).toBe("string");
    const messageId = sections.properties?.messageId as { type: "string"; value: string };
    expect(messageId.value.startsWith("ID:")).toBe(true);
    expect(messageId.value).toBe(message.getJMSMessageID());
    expect(sections.properties?.to).toBe("orders");
    expect(sections.properties?.creationTime).toBe(message.getJMSTimestamp());
    expect(sections.properties?.absoluteExpiryTime).toBeUndefined();
    expect(sections.header).toEqual({ durable: true });
    expect(transfer.settled).toBe(false);
  });

  it("a BytesMessage: type 3, one data section, content-type application/octet-stream", async () => {
    const { sections } = await sendAndDecode(async (s, producer) => {
      const bytes = s.createBytesMessage();
      bytes.writeInt(258);
      bytes.writeUTF("hi");
      await producer.send(bytes);
      return bytes;
    });
    expect(annotation(sections, "x-opt-jms-msg-type")).toEqual({ type: "byte", value: 3 });
    expect(sections.properties?.contentType).toBe("application/octet-stream");
    expect(sections.body).toEqual({ kind: "data", chunks: [Buffer.from("00000102" + "00026869", "hex")] });
  });

  it("a MapMessage: type 2, an amqp-value map with string keys and typed values", async () => {
    const { sections } = await sendAndDecode(async (s, producer) => {
      const map = s.createMapMessage();
      map.setInt("i", 1);
      map.setChar("c", "x");
      map.setBytes("raw", Buffer.from([7]));
      await producer.send(map);
      return map;
    });
    expect(annotation(sections, "x-opt-jms-msg-type")).toEqual({ type: "byte", value: 2 });
    expect(sections.body).toEqual({
      kind: "value",
      value: amqp.map([
        [amqp.string("i"), amqp.int(1)],
        [amqp.string("c"), amqp.char(120)],
        [amqp.string("raw"), amqp.binary(Buffer.from([7]))],
      ]),
    });
  });

  it("a StreamMessage: type 4, one amqp-sequence of typed values", async () => {
    const { sections } = await sendAndDecode(async (s, producer) => {
      const stream = s.createStreamMessage();
      stream.writeShort(3);
      stream.writeString("x");
      stream.writeBytes(Buffer.from([9]));
      await producer.send(stream);
      return stream;
    });
    expect(annotation(sections, "x-opt-jms-msg-type")).toEqual({ type: "byte", value: 4 });
    expect(sections.body).toEqual({
      kind: "sequence",
      lists: [[amqp.short(3), amqp.string("x"), amqp.binary(Buffer.from([9]))]],
    });
  });

  it("a plain Message carries type 0 and no body", async () => {
    const { sections } = await sendAndDecode(async (s, producer) => {
      const message = s.createMessage();
      await producer.send(message);
      return message;
    });
    expect(annotation(sections, "x-opt-jms-msg-type")).toEqual({ type: "byte", value: 0 });
    expect(sections.body).toBeUndefined();
  });

  it("a NON_PERSISTENT priority-4 message without ttl has no header section at all", async () => {
    const { sections, transfer } = await sendAndDecode(async (s, producer) => {
      const message = s.createTextMessage("light");
      await producer.send(message, DeliveryMode.NON_PERSISTENT, 4, 0);
      return message;
    });
    expect(sections.header).toBeUndefined();
    // The first section on the wire is the message annotations (descriptor 0x72), not a header (0x70).
    expect(transfer.bytes.subarray(0, 3)).toEqual(Buffer.from([0x00, 0x53, 0x72]));
  });

  it("priority 7 is written to the header", async () => {
    const { sections } = await sendAndDecode(async (s, producer) => {
      const message = s.createTextMessage("urgent");
      await producer.send(message, DeliveryMode.PERSISTENT, 7, 0);
      return message;
    });
    expect(sections.header).toEqual({ durable: true, priority: 7 });
  });

  it("ttl 5000 writes header ttl 5000 and absolute-expiry-time = creation-time + 5000", async () => {
    const { message, sections } = await sendAndDecode(async (s, producer) => {
      producer.setTimeToLive(5000);
      const m = s.createTextMessage("soon gone");
      await producer.send(m);
      return m;
    });
    expect(sections.header).toEqual({ durable: true, ttl: 5000 });
    const creationTime = sections.properties?.creationTime ?? 0;
    expect(creationTime).toBeGreaterThan(0);
    expect(sections.properties?.absoluteExpiryTime).toBe(creationTime + 5000);
    expect(message.getJMSExpiration()).toBe(creationTime + 5000);
  });

  it("message ids count up per producer on the wire", async () => {
    const s = await session();
    const producer = await s.createProducer(s.createQueue("orders"));
    await producer.send(s.createTextMessage("1"));
    await producer.send(s.createTextMessage("2"));
    const ids = peer.transfers.map((t) => decoded(t).properties?.messageId);
    expect(ids).toEqual([amqp.string(`${producer.id}-1`), amqp.string(`${producer.id}-2`)]);
  });
});

describe("[qpid-jms 2.6, 2.12] refusals and failed outcomes", () => {
  it("a refused producer attach rejects createProducer with InvalidDestinationException(amqp:not-found)", async () => {
    const s = await session();
    peer.refuseAttach("missing", { condition: "amqp:not-found", description: "no queue 'missing'" });
    const error = await s.createProducer(s.createQueue("missing")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidDestinationException);
    expect((error as JMSException).errorCode).toBe("amqp:not-found");
    expect((error as JMSException).message).toContain("no queue 'missing'");
    // The session is still usable.
    const producer = await s.createProducer(s.createQueue("present"));
    await producer.send(s.createTextMessage("ok"));
    expect(peer.transfers).toHaveLength(1);
  });

  it("a refused consumer attach rejects createConsumer with InvalidDestinationException(amqp:not-found)", async () => {
    const s = await session();
    peer.refuseAttach("missing", { condition: "amqp:not-found", description: "no queue 'missing'" });
    const error = await s.createConsumer(s.createQueue("missing")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidDestinationException);
    expect((error as JMSException).errorCode).toBe("amqp:not-found");
    // The AMQP session begun for the refused consumer is ended, not leaked.
    await peer.waitFor("the consumer's session to end", () => peer.sessionEnds === 1 || undefined);
  });

  it("a rejected transfer rejects send with SendFailedException carrying the condition", async () => {
    const s = await session();
    const producer = await s.createProducer(s.createQueue("orders"));
    peer.onTransfer = () => ({
      outcome: "reject",
      error: { condition: "amqp:precondition-failed", description: "not today" },
    });
    const error = await producer.send(s.createTextMessage("no")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SendFailedException);
    expect((error as JMSException).errorCode).toBe("amqp:precondition-failed");
    expect((error as JMSException).message).toContain("not today");
    expect(isJMSException(error)).toBe(true);
  });

  it("a rejection with a mapped condition becomes that condition's exception", async () => {
    const s = await session();
    const producer = await s.createProducer(s.createQueue("orders"));
    peer.onTransfer = () => ({ outcome: "reject", error: { condition: "amqp:resource-limit-exceeded" } });
    const error = await producer.send(s.createTextMessage("full")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceAllocationException);
    expect((error as JMSException).errorCode).toBe("amqp:resource-limit-exceeded");
  });

  it("a released transfer rejects send with SendFailedException", async () => {
    const s = await session();
    const producer = await s.createProducer(s.createQueue("orders"));
    peer.onTransfer = () => ({ outcome: "release" });
    const error = await producer.send(s.createTextMessage("back")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SendFailedException);
    expect((error as JMSException).message).toMatch(/released/);
    // The next send on the same producer works.
    peer.onTransfer = () => ({ outcome: "accept" });
    await producer.send(s.createTextMessage("again"));
    expect(peer.transfers).toHaveLength(2);
  });

  it("the peer closing the connection with an error reaches the ExceptionListener and fails pending sends", async () => {
    const connection = await connect();
    const seen: JMSException[] = [];
    connection.setExceptionListener((e) => seen.push(e));
    const s = await connection.createSession();
    const producer = await s.createProducer(s.createQueue("orders"));
    peer.onTransfer = () => ({ outcome: "hold" });
    const pending = producer.send(s.createTextMessage("in flight")).catch((e: unknown) => e);
    await peer.nextTransfer(1);
    peer.closeConnections({ condition: "amqp:connection:forced", description: "shutting down" });
    const error = await within(5000, "the pending send", pending);
    expect(error).toBeInstanceOf(ConnectionFailedException);
    expect((error as JMSException).errorCode).toBe("amqp:connection:forced");
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeInstanceOf(ConnectionFailedException);
    expect(seen[0]?.errorCode).toBe("amqp:connection:forced");
    expect(seen[0]?.retryable).toBe(true);
  });

  it("the peer detaching a producer link with an error fails its pending send", async () => {
    const s = await session();
    const producer = await s.createProducer(s.createQueue("orders"));
    peer.onTransfer = () => ({ outcome: "hold" });
    const pending = producer.send(s.createTextMessage("in flight")).catch((e: unknown) => e);
    await peer.nextTransfer(1);
    peer.detach("sender", "orders", { condition: "amqp:resource-deleted", description: "queue deleted" });
    const error = await within(3000, "the send on the detached link", pending);
    expect(isJMSException(error)).toBe(true);
    expect((error as JMSException).errorCode).toBe("amqp:resource-deleted");
  });

  it("the peer detaching a consumer link with an error ends its pending receive and reaches the ExceptionListener", async () => {
    const connection = await connect();
    const seen: JMSException[] = [];
    connection.setExceptionListener((e) => seen.push(e));
    await connection.start();
    const s = await connection.createSession();
    const consumer = await s.createConsumer(s.createQueue("orders"));
    await peer.waitFor("credit", () => (peer.creditFor("orders") > 0 ? true : undefined));
    const pending = consumer.receive();
    peer.detach("receiver", "orders", { condition: "amqp:resource-deleted", description: "queue deleted" });
    expect(await within(3000, "receive() on the detached consumer", pending)).toBeNull();
    expect(seen.map((e) => e.errorCode)).toEqual(["amqp:resource-deleted"]);
  });
});

describe("[AMQP 2.5.7] the peer ending a session instead of answering", () => {
  it("ends the consumer on it: receive() gives null, the ExceptionListener hears why, close() returns", async () => {
    const connection = await connect();
    const seen: JMSException[] = [];
    connection.setExceptionListener((e) => seen.push(e));
    await connection.start();
    const s = await connection.createSession();
    const consumer = await s.createConsumer(s.createQueue("orders"));
    await peer.waitFor("credit", () => (peer.creditFor("orders") > 0 ? true : undefined));
    const pending = consumer.receive();
    peer.endSessionOf("receiver", "orders", {
      condition: "amqp:invalid-field",
      description: "Unrecognised state",
    });
    expect(await within(3000, "receive() on the ended session", pending)).toBeNull();
    expect(seen.map((e) => e.errorCode)).toEqual(["amqp:invalid-field"]);
    await within(3000, "consumer.close()", consumer.close());
    await within(3000, "session.close()", s.close());
  });

  it("fails the producers on it, and their pending sends", async () => {
    const connection = await connect();
    const s = await connection.createSession();
    const producer = await s.createProducer(s.createQueue("out"));
    peer.endSessionOf("sender", "out", { condition: "amqp:internal-error", description: "gone" });
    const failure = await within(
      3000,
      "send() after the session ended",
      producer.send(s.createTextMessage("x")).catch((e: unknown) => e),
    );
    expect((failure as JMSException).name).toBe("IllegalStateException");
    await within(3000, "session.close()", s.close());
  });
});

describe("[qpid-jms 2.2, 2.5, 2.12] inbound messages", () => {
  const uuid = "0f8fad5b-d9cb-469f-a165-70867728950e";

  async function consumerOn(address: string, mode = Session.AUTO_ACKNOWLEDGE) {
    const s = await session("", mode);
    const consumer = await s.createConsumer(s.createQueue(address));
    return { s, consumer };
  }

  it("an annotated TextMessage with ulong message-id and uuid correlation-id", async () => {
    const { consumer } = await consumerOn("in");
    const bytes = encodeMessage({
      messageAnnotations: [[amqp.symbol("x-opt-jms-msg-type"), amqp.byte(5)]],
      properties: { messageId: amqp.ulong(42n), correlationId: amqp.uuid(uuid), to: "in" },
      body: { kind: "value", value: amqp.string("hi there") },
    });
    await peer.sendTo("in", bytes);
    const message = await consumer.receive(5000);
    expect(message).toBeInstanceOf(TextMessage);
    expect((message as TextMessage).getText()).toBe("hi there");
    expect(message?.getJMSMessageID()).toBe("ID:AMQP_ULONG:42");
    expect(message?.getJMSCorrelationID()).toBe(`ID:AMQP_UUID:${uuid}`);
    expect(message?.getJMSDestination()?.toString()).toBe("queue://in");
    expect(message?.getJMSRedelivered()).toBe(false);
    // AUTO_ACKNOWLEDGE: accepted and settled once receive() handed it over.
    const [disposition] = await peer.waitFor("a disposition", () =>
      peer.dispositions.length > 0 ? peer.dispositions : undefined,
    );
    expect(disposition).toMatchObject({ outcome: "accepted", settled: true });
  });

  it("an unannotated amqp-value string body arrives as a TextMessage", async () => {
    const { consumer } = await consumerOn("in");
    await peer.sendTo("in", encodeMessage({ body: { kind: "value", value: amqp.string("plain") } }));
    const message = await consumer.receive(5000);
    expect(message).toBeInstanceOf(TextMessage);
    expect((message as TextMessage).getText()).toBe("plain");
    expect(message?.getJMSMessageID()).toBeNull();
    expect(message?.getJMSDeliveryMode()).toBe(DeliveryMode.NON_PERSISTENT);
    expect(message?.getJMSPriority()).toBe(4);
  });

  it("header delivery-count 2 reads as JMSRedelivered", async () => {
    const { consumer } = await consumerOn("in");
    await peer.sendTo(
      "in",
      encodeMessage({
        header: { durable: true, deliveryCount: 2 },
        messageAnnotations: [[amqp.symbol("x-opt-jms-msg-type"), amqp.byte(0)]],
      }),
    );
    const message = await consumer.receive(5000);
    expect(message).not.toBeNull();
    expect(message).not.toBeInstanceOf(TextMessage);
    expect(message?.getJMSRedelivered()).toBe(true);
    expect(message?.getJMSDeliveryMode()).toBe(DeliveryMode.PERSISTENT);
  });

  it("undecodable bytes never reach the application and are settled modified(delivery-failed, undeliverable-here)", async () => {
    const { consumer } = await consumerOn("in");
    await peer.sendTo("in", Buffer.from("this is not an AMQP message"));
    await peer.sendTo("in", encodeMessage({ body: { kind: "value", value: amqp.string("good") } }));
    const first = await consumer.receive(5000);
    expect((first as TextMessage).getText()).toBe("good");
    const dispositions = await peer.waitFor("two dispositions", () =>
      peer.dispositions.length >= 2 ? peer.dispositions : undefined,
    );
    expect(dispositions[0]).toMatchObject({
      outcome: "modified",
      deliveryFailed: true,
      undeliverableHere: true,
      settled: true,
    });
    expect(dispositions[1]).toMatchObject({ outcome: "accepted" });
    expect(await consumer.receiveNoWait()).toBeNull();
  });

  it("closing a consumer releases what it prefetched but never handed out", async () => {
    const { consumer } = await consumerOn("in");
    await peer.sendTo("in", encodeMessage({ body: { kind: "value", value: amqp.string("a") } }));
    await peer.sendTo("in", encodeMessage({ body: { kind: "value", value: amqp.string("b") } }));
    expect(((await consumer.receive(5000)) as TextMessage).getText()).toBe("a");
    await consumer.close();
    const dispositions = await peer.waitFor("two dispositions", () =>
      peer.dispositions.length >= 2 ? peer.dispositions : undefined,
    );
    expect(dispositions.map((d) => d.outcome)).toEqual(["accepted", "released"]);
  });

  it("CLIENT_ACKNOWLEDGE: nothing is settled until acknowledge(); session close fails the rest as modified(delivery-failed)", async () => {
    const { s, consumer } = await consumerOn("in", Session.CLIENT_ACKNOWLEDGE);
    await peer.sendTo("in", encodeMessage({ body: { kind: "value", value: amqp.string("1") } }));
    await peer.sendTo("in", encodeMessage({ body: { kind: "value", value: amqp.string("2") } }));
    const first = await consumer.receive(5000);
    await first?.acknowledge();
    const [accepted] = await peer.waitFor("the acknowledgement", () =>
      peer.dispositions.length >= 1 ? peer.dispositions : undefined,
    );
    expect(accepted).toMatchObject({ outcome: "accepted" });
    expect(((await consumer.receive(5000)) as TextMessage).getText()).toBe("2");
    expect(peer.dispositions).toHaveLength(1);
    await s.close();
    const dispositions = await peer.waitFor("the failed settlement", () =>
      peer.dispositions.length >= 2 ? peer.dispositions : undefined,
    );
    expect(dispositions[1]).toMatchObject({ outcome: "modified", deliveryFailed: true });
    expect(dispositions[1]?.undeliverableHere).not.toBe(true);
  });
});
