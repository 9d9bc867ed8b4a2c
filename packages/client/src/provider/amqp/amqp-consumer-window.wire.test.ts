import { amqp, encodeMessage } from "@jms-ts/codec";
import { beforeEach, describe, expect, it } from "vitest";
import { PeerFixture } from "../../../test/support/peer-fixture";
import type { ScriptedPeer } from "../../../test/support/scripted-peer";
import type { BytesMessage, MessageConsumer } from "../../index";

// The consumer's byte window on the wire (jms.consumerWindowBytes, decision 0018): credit follows the bytes
// the application has not taken yet, and prefetch still caps the count.

const fixture = new PeerFixture();
let peer: ScriptedPeer;
beforeEach(() => {
  peer = fixture.peer;
});

const KiB = 1024;

function bytesMessage(size: number): Buffer {
  return encodeMessage({ body: { kind: "data", chunks: [Buffer.alloc(size, 7)] } });
}

/**
 * The peer sends `count` copies of `message` as fast as credit allows while the application takes one
 * only once the peer has run out of credit: a slow consumer. Returns the most the client had committed to
 * whenever the peer looked (allowed deliveries not yet taken by the application: buffered, on the wire or
 * still open credit) and the body sizes received.
 */
async function slowConsumer(
  consumer: MessageConsumer,
  address: string,
  message: Buffer,
  count: number,
): Promise<{ mostCommitted: number; received: number[] }> {
  let sent = 0;
  let taken = 0;
  let mostCommitted = 0;
  const sample = () => {
    mostCommitted = Math.max(mostCommitted, peer.creditLimitFor(address) - taken);
  };
  const sending = (async () => {
    for (; sent < count;) {
      await peer.sendTo(address, message);
      sent++;
      sample();
    }
  })();
  const received: number[] = [];
  while (taken < count) {
    await peer.waitFor("the consumer's credit used up", () => {
      sample();
      return peer.creditFor(address) === 0 || sent === count ? true : undefined;
    });
    const got = (await consumer.receive(5000)) as BytesMessage | null;
    if (!got) throw new Error(`message ${taken + 1} of ${count} did not arrive`);
    received.push(Number(got.getBodyLength()));
    taken++;
  }
  await sending;
  return { mostCommitted, received };
}

describe("jms.consumerWindowBytes", () => {
  it("64 KiB messages, prefetch 1000, a 256 KiB window: never more than the window and one message held, and all arrive", async () => {
    const s = await fixture.session("jms.prefetchPolicy.all=1000&jms.consumerWindowBytes=262144");
    const consumer = await s.createConsumer(s.createQueue("large"));
    const message = bytesMessage(64 * KiB);
    const { mostCommitted, received } = await slowConsumer(consumer, "large", message, 24);
    expect(received).toEqual(new Array<number>(24).fill(64 * KiB));
    expect(peer.creditLimitFor("large")).toBeGreaterThanOrEqual(24);
    expect(mostCommitted * message.length).toBeLessThanOrEqual(256 * KiB + message.length);
    // The window is used: more than one message at a time.
    expect(mostCommitted).toBeGreaterThanOrEqual(2);
  });

  it("without the window (0) the same slow consumer commits to its whole prefetch of 64 KiB messages", async () => {
    const s = await fixture.session("jms.prefetchPolicy.all=1000&jms.consumerWindowBytes=0");
    const consumer = await s.createConsumer(s.createQueue("unbounded"));
    const { mostCommitted } = await slowConsumer(consumer, "unbounded", bytesMessage(64 * KiB), 24);
    expect(mostCommitted).toBe(1000);
  });

  it("a message larger than the window still flows, one at a time", async () => {
    const s = await fixture.session("jms.prefetchPolicy.all=1000&jms.consumerWindowBytes=1024");
    const consumer = await s.createConsumer(s.createQueue("huge"));
    const { mostCommitted, received } = await slowConsumer(consumer, "huge", bytesMessage(64 * KiB), 5);
    expect(received).toEqual(new Array<number>(5).fill(64 * KiB));
    expect(mostCommitted).toBe(1);
  });

  it("small messages get the full prefetch credit under the same 256 KiB window", async () => {
    const s = await fixture.session("jms.prefetchPolicy.all=1000&jms.consumerWindowBytes=262144");
    const consumer = await s.createConsumer(s.createQueue("small"));
    await peer.waitFor("the first credit", () => (peer.creditFor("small") === 1 ? true : undefined));
    await peer.sendTo("small", encodeMessage({ body: { kind: "value", value: amqp.string("hi") } }));
    await peer.waitFor("credit 999", () => (peer.creditFor("small") === 999 ? true : undefined));
    expect(await consumer.receive(5000)).not.toBeNull();
    for (let i = 0; i < 600; i++) {
      await peer.sendTo("small", encodeMessage({ body: { kind: "value", value: amqp.string(`m${i}`) } }));
    }
    for (let i = 0; i < 299; i++) expect(await consumer.receive(5000)).not.toBeNull();
    // Qpid JMS's batched top-up [qpid-jms 2.13]: credit plus the 301 still held is the whole prefetch again,
    // although 1000 such messages are far below the window.
    await peer.waitFor("credit 699", () => (peer.creditFor("small") === 699 ? true : undefined));
  });

  it("a larger message than the credit was granted for takes credit back [AMQP 2.6.7]", async () => {
    const s = await fixture.session("jms.prefetchPolicy.all=1000&jms.consumerWindowBytes=262144");
    await s.createConsumer(s.createQueue("mixed"));
    await peer.sendTo("mixed", encodeMessage({ body: { kind: "value", value: amqp.string("small") } }));
    await peer.waitFor("credit 999", () => (peer.creditFor("mixed") === 999 ? true : undefined));
    const large = bytesMessage(64 * KiB);
    await peer.sendTo("mixed", large);
    const expected = Math.floor((256 * KiB - large.length - 20) / large.length);
    const credit = await peer.waitFor("credit lowered", () => {
      const now = peer.creditFor("mixed");
      return now < 998 ? now : undefined;
    });
    expect(credit).toBeLessThanOrEqual(expected);
  });
});
