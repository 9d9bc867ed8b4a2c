import { createRequire } from "node:module";
import { type AddressInfo, connect } from "node:net";
import rhea, { type Delivery, type EventContext, type Receiver, type Sender } from "rhea";
import { afterEach, describe, expect, it } from "vitest";
import { installRheaPatches, rawBytesOf } from "./index";

installRheaPatches();

/** A rhea server and one client connection on loopback, with bounded waits. */
async function pair(listenOptions: object = {}) {
  const server = rhea.create_container();
  const listener = server.listen({ port: 0, host: "127.0.0.1", ...listenOptions } as never);
  await new Promise((resolve) => listener.once("listening", resolve));
  const client = rhea.create_container();
  const connection = client.connect({
    port: (listener.address() as AddressInfo).port,
    host: "127.0.0.1",
    reconnect: false,
  });
  cleanups.push(() => {
    connection.close();
    listener.close();
  });
  return { server, connection };
}

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

function within<T>(promise: Promise<T>, ms = 3000): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)),
  ]);
}

describe("installRheaPatches", () => {
  it("is idempotent: installing twice patches once", () => {
    const message = createRequire(import.meta.url)("rhea/lib/message.js") as { decode: unknown };
    const decode = message.decode;
    installRheaPatches();
    expect(message.decode).toBe(decode);
  });

  it("hands over the raw bytes and still gives plain rhea users the decoded message", async () => {
    const { server, connection } = await pair();
    const received = new Promise<EventContext>((resolve) => server.once("message", resolve));
    server.once("receiver_open", (context: EventContext) => context.receiver?.add_credit(1));
    const sender = connection.open_sender("q");
    sender.once("sendable", () => sender.send({ body: "hello", application_properties: { n: 1 } }));
    const context = await within(received);
    const bytes = rawBytesOf(context.message);
    expect(bytes).toBeInstanceOf(Buffer);
    expect(bytes?.includes(Buffer.from("hello"))).toBe(true);
    expect(context.message?.body).toBe("hello");
    expect(context.message?.application_properties).toEqual({ n: 1 });
    expect(rawBytesOf({ body: "x" })).toBeUndefined();
  });

  it("[AMQP 2.7.6] keeps different outcomes of consecutive deliveries apart in one tick", async () => {
    const { server, connection } = await pair();
    const outcomes: string[] = [];
    const allFour = new Promise<void>((resolve) => {
      server.on("sender_open", (context: EventContext) => {
        const sender = context.sender as Sender;
        sender.once("sendable", () => {
          for (const body of ["a", "b", "c", "d"]) sender.send({ body });
        });
        for (const event of ["accepted", "released", "rejected"]) {
          sender.on(event, (c: EventContext) => {
            outcomes.push(`${String(c.delivery?.id)}:${event}`);
            if (outcomes.length === 4) resolve();
          });
        }
      });
    });
    const receiver: Receiver = connection.open_receiver({ source: "q", autoaccept: false, credit_window: 4 });
    const deliveries: Delivery[] = [];
    receiver.on("message", (context: EventContext) => {
      deliveries.push(context.delivery as Delivery);
      if (deliveries.length < 4) return;
      // All four settled in the same tick: rhea alone would send one "accepted" for 0..1.
      deliveries[0]?.accept();
      deliveries[1]?.release();
      deliveries[2]?.accept();
      deliveries[3]?.reject({ condition: "amqp:internal-error" });
    });
    await within(allFour);
    expect(outcomes.sort()).toEqual(["0:accepted", "1:released", "2:accepted", "3:rejected"]);
  });

  it("writes the transfers of one pass together, in order, instead of one socket write per frame", async () => {
    const { server, connection } = await pair({ receiver_options: { credit_window: 200 } });
    const bodies: unknown[] = [];
    const all = new Promise<void>((resolve) =>
      server.on("message", (context: EventContext) => {
        bodies.push(context.message?.body);
        if (bodies.length === 100) resolve();
      }),
    );
    const sender = connection.open_sender("q");
    await within(new Promise((resolve) => sender.once("sendable", resolve)));
    const socket = (connection as unknown as { socket: { write(...args: unknown[]): boolean } }).socket;
    const writes: number[] = [];
    const write = socket.write.bind(socket);
    let frames = 0;
    socket.write = (...args: unknown[]) => {
      frames++;
      return write(...args);
    };
    const output = (connection as unknown as { output(): void }).output.bind(connection);
    (connection as unknown as { output(): void }).output = () => {
      const before = frames;
      output();
      if (frames > before) writes.push(frames - before);
    };
    for (let n = 0; n < 100; n++) sender.send({ body: n });
    await within(all);
    expect(bodies).toEqual(Array.from({ length: 100 }, (_, n) => n));
    // rhea alone calls output() once per frame: a hundred passes writing one frame each. Here one pass
    // writes them all (a header and the uncopied payload per transfer).
    expect(writes).toHaveLength(1);
    expect(writes[0]).toBeGreaterThanOrEqual(100);
  });

  it("[AMQP 2.6.7] sendable() counts sends rhea has not written yet", async () => {
    const { server, connection } = await pair({ receiver_options: { credit_window: 0 } });
    server.on("receiver_open", (context: EventContext) => context.receiver?.add_credit(3));
    const sender = connection.open_sender("q");
    await within(new Promise((resolve) => sender.once("sendable", resolve)));
    let sent = 0;
    while (sender.sendable()) {
      sender.send({ body: sent });
      sent++;
      if (sent > 10) break;
    }
    expect(sent).toBe(3);
  });

  it("[AMQP 2.7.4] answers a drain with drain=true even when the credit is used up", async () => {
    const { server, connection } = await pair();
    server.on("sender_open", (context: EventContext) => {
      const sender = context.sender as Sender;
      sender.on("sender_draining", () => {
        while (sender.sendable()) sender.send({ body: "x" });
        sender.set_drained(true);
      });
    });
    const receiver: Receiver = connection.open_receiver({ source: "q", credit_window: 0 });
    await within(new Promise((resolve) => receiver.once("receiver_open", resolve)));
    const drained = new Promise((resolve) => receiver.once("receiver_drained", resolve));
    receiver.drain = true;
    receiver.add_credit(2);
    await within(drained);
    expect((receiver as unknown as { credit: number }).credit).toBe(0);
  });

  it("[AMQP 2.7.1] closes a connection whose peer announces a frame over the advertised max-frame-size", async () => {
    const server = rhea.create_container();
    const listener = server.listen({ port: 0, host: "127.0.0.1", max_frame_size: 4096 } as never);
    await new Promise((resolve) => listener.once("listening", resolve));
    cleanups.push(() => listener.close());
    const errors: string[] = [];
    server.on("protocol_error", (error: Error) => errors.push(error.message));
    server.on("error", (error: unknown) => errors.push(String(error)));
    const socket = connect((listener.address() as AddressInfo).port, "127.0.0.1");
    cleanups.push(() => socket.destroy());
    const closed = new Promise((resolve) => socket.once("close", resolve));
    socket.on("error", () => undefined);
    // The AMQP header, then the start of a frame that announces 1 MB: rhea alone would wait for all of it.
    const frameStart = Buffer.alloc(8);
    frameStart.writeUInt32BE(1_000_000, 0);
    frameStart.writeUInt8(2, 4);
    socket.write(
      Buffer.concat([Buffer.from("AMQP\x00\x01\x00\x00", "latin1"), frameStart, Buffer.alloc(100)]),
    );
    await within(closed);
    expect(errors.join()).toMatch(/exceeds the negotiated max-frame-size of 4096/);
  });

  it("[AMQP 2.8.15] closes with amqp:decode-error, not a silent drop, when a peer's frame cannot be decoded", async () => {
    const { server, connection } = await pair();
    server.on("error", () => undefined);
    server.on("protocol_error", () => undefined);
    connection.on("connection_error", () => undefined);
    await within(new Promise((resolve) => connection.once("connection_open", resolve)));
    const closed = new Promise<EventContext>((resolve) => connection.once("connection_close", resolve));
    // A well-framed AMQP frame whose body is a described value with an unknown performative descriptor.
    const frame = Buffer.from([0, 0, 0, 12, 2, 0, 0, 0, 0x00, 0x53, 0x7f, 0x45]);
    (connection as unknown as { socket: { write(b: Buffer): void } }).socket.write(frame);
    await within(closed);
    expect((connection as unknown as { error?: { condition?: string } }).error?.condition).toBe(
      "amqp:decode-error",
    );
  });
});
