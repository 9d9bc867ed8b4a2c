import { amqp, decodeMessage, encodeMessage, type MessageSections } from "@jms-ts/codec";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { PeerFixture } from "../../../test/support/peer-fixture";
import type { RecordedTransfer, ScriptedPeer } from "../../../test/support/scripted-peer";
import type { Session } from "../../index";
import {
  type CompletionListener,
  DeliveryMode,
  InvalidDestinationException,
  JMSException,
  type Message,
  OperationTimedOutException,
  SendFailedException,
} from "../../index";
import { Queue } from "../../jms/destinations";
import { decodeReceived } from "./amqp-message-codec";

// Producer frames against a scripted peer [qpid-jms 2.4, 2.6, 2.12]: header and properties as Qpid JMS
// writes them, the delivery-time annotation, anonymous links, presettled transfers and the byte window.

const fixture = new PeerFixture();
let peer: ScriptedPeer;
beforeEach(() => {
  peer = fixture.peer;
});
const session = (query?: string, mode?: number): Promise<Session> => fixture.session(query, mode);

function decoded(transfer: RecordedTransfer): MessageSections {
  return decodeMessage(transfer.bytes);
}

function annotation(sections: MessageSections, key: string): unknown {
  return sections.messageAnnotations?.find(([k]) => k.type === "symbol" && k.value === key)?.[1];
}

/** A bound on a wait that must end by itself; rejects naming what did not happen. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: still pending after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Whether a promise is still pending after queued I/O callbacks have run (one macrotask turn). */
async function pending(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await new Promise<void>((resolve) => setImmediate(resolve));
  return !settled;
}

describe("[qpid-jms 2.4] header and properties of a sent message", () => {
  it("NON_PERSISTENT, priority 9, ttl 3000: header {priority 9, ttl 3000}, absolute-expiry = creation + ttl", async () => {
    const s = await session();
    const producer = await s.createProducer(s.createQueue("q"));
    const message = s.createTextMessage("x");
    await producer.send(message, DeliveryMode.NON_PERSISTENT, 9, 3000);
    const sections = decoded(await peer.nextTransfer(1));
    expect(sections.header).toEqual({ priority: 9, ttl: 3000 });
    const created = sections.properties?.creationTime ?? 0;
    expect(created).toBe(message.getJMSTimestamp());
    expect(sections.properties?.absoluteExpiryTime).toBe(created + 3000);
  });

  it("[JMS 2.0 3.4.3, 3.4.4] disableMessageID and disableMessageTimestamp leave message-id and creation-time out", async () => {
    const s = await session();
    const producer = await s.createProducer(s.createQueue("q"));
    producer.setDisableMessageID(true);
    producer.setDisableMessageTimestamp(true);
    producer.setTimeToLive(1000);
    await producer.send(s.createTextMessage("bare"));
    const sections = decoded(await peer.nextTransfer(1));
    expect(sections.properties?.messageId).toBeUndefined();
    expect(sections.properties?.creationTime).toBeUndefined();
    // The expiry still travels: it is computed from the send time, not from a written timestamp.
    expect(sections.properties?.absoluteExpiryTime).toBeGreaterThan(0);
    expect(sections.properties?.to).toBe("q");
  });
});

describe("[JMS 2.0 7.9] delivery delay: x-opt-delivery-time, only with DELAYED_DELIVERY", () => {
  it("writes x-opt-delivery-time (long) = creation-time + delay when the broker offers DELAYED_DELIVERY", async () => {
    peer.offeredCapabilities = ["DELAYED_DELIVERY"];
    const s = await session();
    const producer = await s.createProducer(s.createQueue("later"));
    producer.setDeliveryDelay(60_000);
    const message = s.createTextMessage("wait");
    await producer.send(message);
    const sections = decoded(await peer.nextTransfer(1));
    const created = sections.properties?.creationTime ?? 0;
    expect(annotation(sections, "x-opt-delivery-time")).toEqual(amqp.long(created + 60_000));
    expect(message.getJMSDeliveryTime()).toBe(created + 60_000);
    // The connection offered it, so the link does not ask for it again.
    expect(peer.attachFor("sender", "later")?.desiredCapabilities).toEqual([]);
    producer.setDeliveryDelay(0);
    await producer.send(s.createTextMessage("now"));
    expect(annotation(decoded(await peer.nextTransfer(2)), "x-opt-delivery-time")).toBeUndefined();
  });

  it("without DELAYED_DELIVERY a delayed send fails with a JMSException and nothing is sent", async () => {
    const s = await session();
    const producer = await s.createProducer(s.createQueue("later"));
    // Qpid JMS asks on the link when the connection did not offer it [qpid-jms 2.6].
    expect(peer.attachFor("sender", "later")?.desiredCapabilities).toEqual(["DELAYED_DELIVERY"]);
    producer.setDeliveryDelay(1000);
    const error = await producer.send(s.createTextMessage("wait")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JMSException);
    expect((error as Error).message).toMatch(/does not support delayed message delivery.*DELAYED_DELIVERY/);
    producer.setDeliveryDelay(0);
    await producer.send(s.createTextMessage("now"));
    expect(peer.transfers).toHaveLength(1);
  });

  it("reads JMSDeliveryTime from x-opt-delivery-time as long or timestamp, else JMSTimestamp", () => {
    const queue = new Queue("q");
    const base = { properties: { creationTime: 1_700_000_000_000 } };
    const withLong = encodeMessage({
      ...base,
      messageAnnotations: [[amqp.symbol("x-opt-delivery-time"), amqp.long(1_700_000_005_000)]],
    });
    const withTimestamp = encodeMessage({
      ...base,
      messageAnnotations: [[amqp.symbol("x-opt-delivery-time"), amqp.timestamp(1_700_000_009_000)]],
    });
    expect(decodeReceived(withLong, queue, 0).getDeliveryTime()).toBe(1_700_000_005_000);
    expect(decodeReceived(withTimestamp, queue, 0).getDeliveryTime()).toBe(1_700_000_009_000);
    expect(decodeReceived(encodeMessage(base), queue, 0).getDeliveryTime()).toBe(0);
  });
});

describe("[qpid-jms 2.6] anonymous producer", () => {
  it("with ANONYMOUS-RELAY: one link named qpid-jms:sender:<id>:null, a target without address, `to` per message", async () => {
    peer.offeredCapabilities = ["ANONYMOUS-RELAY"];
    const s = await session();
    const producer = await s.createProducer(null);
    await producer.send(s.createQueue("a"), s.createTextMessage("1"));
    await producer.send(s.createTopic("b"), s.createTextMessage("2"));
    const senders = peer.attaches.filter((a) => a.role === "sender");
    expect(senders).toHaveLength(1);
    expect(senders[0]?.name).toBe(`qpid-jms:sender:${producer.id}:null`);
    expect(senders[0]?.target?.address).toBeUndefined();
    expect(senders[0]?.target?.capabilities).toEqual([]);
    expect(senders[0]?.source?.address).toBe(producer.id);
    const [first, second] = [decoded(await peer.nextTransfer(1)), decoded(await peer.nextTransfer(2))];
    expect(first.properties?.to).toBe("a");
    expect(annotation(first, "x-opt-jms-dest")).toEqual(amqp.byte(0));
    expect(second.properties?.to).toBe("b");
    expect(annotation(second, "x-opt-jms-dest")).toEqual(amqp.byte(1));
  });

  it("a relay send the broker rejects with amqp:not-found fails with InvalidDestinationException", async () => {
    peer.offeredCapabilities = ["ANONYMOUS-RELAY"];
    const s = await session();
    const producer = await s.createProducer(null);
    peer.onTransfer = () => ({
      outcome: "reject",
      error: { condition: "amqp:not-found", description: "no node" },
    });
    const error = await producer
      .send(s.createQueue("nowhere"), s.createTextMessage("lost"))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidDestinationException);
    expect((error as JMSException).errorCode).toBe("amqp:not-found");
  });

  it("without ANONYMOUS-RELAY: a link per destination on first send, the least recently used one closed (cache 1)", async () => {
    const s = await session();
    const producer = await s.createProducer(null);
    expect(peer.attaches.filter((a) => a.role === "sender")).toHaveLength(0);
    await producer.send(s.createQueue("a"), s.createTextMessage("1"));
    await producer.send(s.createQueue("a"), s.createTextMessage("2"));
    const linkA = peer.attachFor("sender", "a");
    expect(linkA?.target?.capabilities).toEqual(["queue"]);
    expect(linkA?.name).toBe(`qpid-jms:sender:${producer.id}:1:a`);
    await producer.send(s.createTopic("b"), s.createTextMessage("3"));
    expect(peer.attachFor("sender", "b")?.target?.capabilities).toEqual(["topic"]);
    await peer.waitFor("link a closed", () => peer.detaches.includes(linkA?.name ?? "?") || undefined);
    expect(peer.attaches.filter((a) => a.role === "sender")).toHaveLength(2);
    expect(peer.transfers.map((t) => t.linkName)).toEqual([
      linkA?.name,
      linkA?.name,
      `qpid-jms:sender:${producer.id}:2:b`,
    ]);
  });
});

describe("[qpid-jms 2.12] settlement", () => {
  it("presettled producers attach snd-settle-mode settled and send settled transfers that resolve at write", async () => {
    const s = await session("jms.presettlePolicy.presettleProducers=true");
    peer.onTransfer = () => ({ outcome: "hold" });
    const producer = await s.createProducer(s.createQueue("fast"));
    expect(peer.attachFor("sender", "fast")?.sndSettleMode).toBe(1);
    await within(2000, "presettled send", producer.send(s.createTextMessage("fire and forget")));
    const transfer = await peer.nextTransfer(1);
    expect(transfer.settled).toBe(true);
  });

  it("a modified outcome and a release reject the send with SendFailedException; accepted resolves", async () => {
    const s = await session();
    const producer = await s.createProducer(s.createQueue("q"));
    let next = 0;
    peer.onTransfer = (transfer) => {
      next++;
      if (next === 1) transfer.delivery.modified({ delivery_failed: true });
      return next === 1 ? { outcome: "hold" } : next === 2 ? { outcome: "release" } : { outcome: "accept" };
    };
    const modified = await producer.send(s.createTextMessage("m")).catch((e: unknown) => e);
    expect(modified).toBeInstanceOf(SendFailedException);
    expect((modified as Error).message).toMatch(/failure at the broker \(modified\)/);
    const released = await producer.send(s.createTextMessage("r")).catch((e: unknown) => e);
    expect(released).toBeInstanceOf(SendFailedException);
    expect((released as Error).message).toMatch(/released/);
    await producer.send(s.createTextMessage("ok"));
  });

  it("jms.sendTimeout rejects a send the broker never settles with OperationTimedOutException", async () => {
    const s = await session("jms.sendTimeout=150");
    peer.onTransfer = () => ({ outcome: "hold" });
    const producer = await s.createProducer(s.createQueue("slow"));
    const error = await within(
      3000,
      "timed-out send",
      producer.send(s.createTextMessage("late")).catch((e: unknown) => e),
    );
    expect(error).toBeInstanceOf(OperationTimedOutException);
    expect((error as Error).message).toMatch(/150 ms.*jms\.sendTimeout/);
  });
});

describe("[rhea.md 8] byte window: written-but-unsettled bytes are bounded", () => {
  it("with jms.producerWindowBytes=1000, a second 800-byte send waits until the first is settled", async () => {
    const s = await session("jms.producerWindowBytes=1000&jms.closeTimeout=1000");
    peer.onTransfer = () => ({ outcome: "hold" });
    const producer = await s.createProducer(s.createQueue("big"));
    const body = "x".repeat(800);
    const order: string[] = [];
    const listener: CompletionListener = {
      onCompletion: (m: Message) => order.push(`done:${m.getJMSMessageID() ?? ""}`),
      onException: (_m: Message, e: JMSException) => order.push(`failed:${e.message}`),
    };
    // An async send resolves once written: the first is, the second is held back by the window.
    await within(2000, "first send written", producer.send(s.createTextMessage(body), listener));
    const first = await peer.nextTransfer(1);
    const second = producer.send(s.createTextMessage(body), listener);
    expect(await pending(second)).toBe(true);
    expect(peer.transfers).toHaveLength(1);
    first.delivery.accept();
    await within(2000, "second send written after the first settled", second);
    const secondTransfer = await peer.nextTransfer(2);
    secondTransfer.delivery.accept();
    await vi.waitFor(() => expect(order).toHaveLength(2), { timeout: 2000 });
    expect(order).toEqual([`done:${producer.id}-1`, `done:${producer.id}-2`]);
  });

  it("presettled sends wait while the socket holds more than a window of unwritten bytes", async () => {
    const s = await session("jms.presettlePolicy.presettleProducers=true&jms.producerWindowBytes=65536");
    const producer = await s.createProducer(s.createQueue("flood"));
    // The peer stops reading: the kernel buffers fill, then Node's socket buffer grows.
    const sockets = (peer as unknown as { sockets: Set<{ pause(): void; resume(): void }> }).sockets;
    sockets.forEach((socket) => socket.pause());
    // 100 sends fit the peer's credit (100), so only the socket check can hold any of them back.
    const body = Buffer.alloc(500_000, 7);
    const sends: Promise<void>[] = [];
    for (let i = 0; i < 100; i++) {
      const message = s.createBytesMessage();
      message.writeBytes(body);
      sends.push(producer.send(message, DeliveryMode.NON_PERSISTENT, 4, 0));
    }
    try {
      const resolved = await vi.waitFor(
        async () => {
          let count = 0;
          sends.forEach((p) => void p.then(() => count++));
          await new Promise<void>((resolve) => setTimeout(resolve, 50));
          expect(count).toBeLessThan(sends.length);
          return count;
        },
        { timeout: 5000 },
      );
      expect(resolved).toBeLessThan(sends.length);
    } finally {
      sockets.forEach((socket) => socket.resume());
    }
    await within(20_000, "every send once the peer reads again", Promise.all(sends));
    await peer.waitFor("all transfers", () => (peer.transfers.length === 100 ? true : undefined), 20_000);
  });

  it("a message larger than the window still goes when nothing else is in flight", async () => {
    const s = await session("jms.producerWindowBytes=100");
    const producer = await s.createProducer(s.createQueue("big"));
    await within(2000, "oversized send", producer.send(s.createTextMessage("y".repeat(1000))));
    expect(peer.transfers).toHaveLength(1);
  });
});
