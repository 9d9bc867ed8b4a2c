// Misbehaving clients must not take the broker down for everyone else (CONVENTIONS.md rule 11).
import { connect, type Socket } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  BrokerFixture,
  deliveryCountOf,
  eventually,
  nextEvent,
  remoteError,
  TestClient,
  textMessage,
  within,
} from "./rhea-client";

const fixture = new BrokerFixture();
const sockets: Socket[] = [];
beforeEach(() => fixture.start());
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await fixture.stop();
});

const AMQP_HEADER = Buffer.from([0x41, 0x4d, 0x51, 0x50, 0x00, 0x01, 0x00, 0x00]); // "AMQP" 0 1.0.0 [AMQP 2.2]
const SASL_HEADER = Buffer.from([0x41, 0x4d, 0x51, 0x50, 0x03, 0x01, 0x00, 0x00]); // "AMQP" 3 1.0.0 [AMQP 5.3.1]

/** Reproducible noise: a xorshift32 stream, so a failing seed can be replayed. */
function noise(seed: number, length: number): Buffer {
  const bytes = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

/** A frame header [AMQP 2.3.1]: size, doff 2, type 0 (AMQP), channel 0. */
function frameHeader(size: number): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(size, 0);
  header.writeUInt8(2, 4);
  return header;
}

/** Opens a raw TCP socket to the broker and waits until it is connected. */
async function rawSocket(): Promise<Socket> {
  const socket = connect({ host: "127.0.0.1", port: fixture.broker.port });
  sockets.push(socket);
  socket.on("error", () => undefined); // a reset from the broker is an acceptable answer to garbage
  socket.on("data", () => undefined);
  await within(
    new Promise<void>((resolve) => socket.once("connect", () => resolve())),
    "the raw socket to connect",
  );
  return socket;
}

/** Writes `bytes`, half-closes, and waits until the broker has closed its side too. */
async function sendAndHangUp(bytes: Buffer): Promise<void> {
  const socket = await rawSocket();
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  socket.end(bytes);
  await within(closed, "the broker to close the socket");
}

/** The broker still works: a fresh client can send and receive. */
async function brokerStillServes(address: string): Promise<void> {
  const client = await fixture.client();
  const sender = await client.openSender(address);
  expect(await sender.send(textMessage("alive"))).toBe("accepted");
  const receiver = await client.openReceiver(address);
  receiver.link.add_credit(1);
  const [message] = await receiver.count(1);
  expect(message?.bytes.equals(textMessage("alive"))).toBe(true);
  message?.delivery.accept();
}

describe("robustness", () => {
  const garbage: Array<[string, Buffer]> = [
    ...[1, 2, 3, 0xdeadbeef, 0x5eed].map((seed): [string, Buffer] => [
      `4 KiB of noise (seed ${seed}) after the AMQP header`,
      Buffer.concat([AMQP_HEADER, noise(seed, 4096)]),
    ]),
    [
      "a frame too small to hold its own header",
      Buffer.concat([AMQP_HEADER, Buffer.from([0, 0, 0, 4, 2, 0, 0, 0])]),
    ],
    [
      "a well-framed body that is not a performative",
      Buffer.concat([AMQP_HEADER, frameHeader(12), Buffer.from([0x00, 0x53, 0x7f, 0x45])]),
    ],
    [
      "a performative with a truncated field list",
      Buffer.concat([AMQP_HEADER, frameHeader(14), Buffer.from([0x00, 0x53, 0x10, 0xc0, 0x10, 0x05])]),
    ],
    ["noise after the SASL header", Buffer.concat([SASL_HEADER, noise(7, 1024)])],
    ["a wrong protocol header", Buffer.from("HTTP/1.1 200 OK\r\n\r\n")],
  ];

  it.each(garbage)("survives %s", async (_name, bytes) => {
    await sendAndHangUp(bytes);
    await brokerStillServes("robust.garbage");
    await eventually(() => fixture.broker.connectionCount === 1, "only the healthy connection remains");
  });

  it.each([
    ["an unknown performative", Buffer.concat([frameHeader(12), Buffer.from([0x00, 0x53, 0x7f, 0x45])])],
    [
      "a truncated field list",
      Buffer.concat([frameHeader(14), Buffer.from([0x00, 0x53, 0x10, 0xc0, 0x10, 0x05])]),
    ],
  ])(
    "[AMQP 2.8.15] closes an open connection that sends %s with amqp:decode-error, and serves others",
    async (_name, frame) => {
      const bad = await fixture.client();
      const closed = nextEvent(bad.connection, "connection_close").catch(() => undefined);
      const socket = (bad.connection as unknown as { socket: Socket }).socket;
      socket.write(frame);
      await closed;
      expect(remoteError(bad.connection)?.condition).toBe("amqp:decode-error");
      await brokerStillServes("robust.decode-error");
    },
  );

  it("survives garbage from one client while another keeps its session", async () => {
    const healthy = await fixture.client();
    const receiver = await healthy.openReceiver("robust.neighbour");
    receiver.link.add_credit(1);
    await sendAndHangUp(Buffer.concat([AMQP_HEADER, noise(99, 2048)]));
    const sender = await healthy.openSender("robust.neighbour");
    expect(await sender.send(textMessage("n"))).toBe("accepted");
    await receiver.count(1);
  });

  it.each([
    ["inside the protocol header", AMQP_HEADER.subarray(0, 5)],
    ["inside a frame header", Buffer.concat([AMQP_HEADER, frameHeader(100).subarray(0, 5)])],
    ["inside a frame body", Buffer.concat([AMQP_HEADER, frameHeader(200), noise(11, 40)])],
  ])("survives a client that hangs up %s", async (_name, bytes) => {
    const socket = await rawSocket();
    const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    socket.write(bytes, () => socket.destroy());
    await within(closed, "the socket to close");
    await brokerStillServes("robust.mid-frame");
  });

  it("[AMQP 2.7.1] closes a connection that announces a frame larger than any max-frame-size allows", async () => {
    // Before open, the largest legal frame is 512 bytes [AMQP 2.4.1]; this one claims 2 GiB. Buffering
    // toward it lets one client exhaust the broker's memory; the peer MUST close with framing-error.
    const socket = await rawSocket();
    const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    socket.write(Buffer.concat([AMQP_HEADER, frameHeader(0x7fff_ffff), noise(5, 1024)]));
    await within(closed, "the broker to close a connection announcing a 2 GiB frame");
    await brokerStillServes("robust.oversized");
  });

  it("survives a client that drops halfway through a transfer frame, and stores nothing of it", async () => {
    const client = await fixture.client();
    const sender = await client.openSender("robust.mid-transfer");
    expect(await sender.send(textMessage("complete"))).toBe("accepted");
    // Let only the first half of the next large write reach the broker, then drop the socket.
    const socket = (client.connection as { socket?: Socket }).socket as Socket;
    const write = socket.write.bind(socket) as (chunk: Buffer, callback?: () => void) => boolean;
    socket.write = (chunk: Buffer) => {
      if (chunk.length < 32 * 1024) return write(chunk);
      return write(chunk.subarray(0, chunk.length >> 1), () => socket.destroy());
    };
    sender.link.send(Buffer.alloc(64 * 1024, 1), undefined, 0);
    await eventually(() => fixture.broker.connectionCount === 0, "the broker forgot the client");
    expect(socket.destroyed).toBe(true);
    expect(fixture.broker.queueStats("robust.mid-transfer")).toMatchObject({ depth: 1, unsettled: 0 });
    await brokerStillServes("robust.after-mid-transfer");
  });

  it("survives 50 connections dropped abruptly while each holds an unsettled message", async () => {
    const clients = await Promise.all(
      Array.from({ length: 50 }, () => TestClient.connect(fixture.broker.port)),
    );
    try {
      const receivers = await Promise.all(clients.map((client) => client.openReceiver("robust.many")));
      for (const receiver of receivers) receiver.link.add_credit(1);
      await Promise.all(clients.map((client) => client.roundTrip()));
      expect(fixture.broker.connectionCount).toBe(50);

      const producer = await fixture.client();
      const sender = await producer.openSender("robust.many");
      const ids = Array.from({ length: 50 }, (_, i) => `x${i}`);
      await sender.sendAll(ids.map(textMessage));
      await Promise.all(receivers.map((receiver) => receiver.count(1)));
      expect(fixture.broker.queueStats("robust.many")).toMatchObject({ depth: 0, unsettled: 50 });

      for (const client of clients) client.destroy();
      await eventually(() => fixture.broker.connectionCount === 1, "only the producer remains connected");
      expect(fixture.broker.queueStats("robust.many")).toMatchObject({
        depth: 50,
        unsettled: 0,
        consumers: 0,
      });

      const survivor = await producer.openReceiver("robust.many");
      survivor.link.add_credit(100);
      await survivor.count(50);
      expect([...survivor.ids].sort()).toEqual([...ids].sort());
      expect(new Set(survivor.received.map((m) => deliveryCountOf(m.bytes)))).toEqual(new Set([1]));
    } finally {
      for (const client of clients) client.destroy();
    }
  });
});
