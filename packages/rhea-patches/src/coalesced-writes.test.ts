import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { type Frame, frameSerializer } from "./coalesced-writes";
import { installRheaPatches } from "./index";
import { rheaModules } from "./rhea-internals";

const load = createRequire(import.meta.url);
const frames = load("rhea/lib/frames.js") as {
  amqp_frame(channel: number, performative: unknown, payload?: Buffer): Frame;
  write_frame(frame: Frame): Buffer;
  transfer(fields: object): unknown;
  flow(fields: object): unknown;
  attach(fields: object): unknown;
};

describe("frameSerializer", () => {
  const serialize = frameSerializer(rheaModules().types);
  const cases: [string, Frame][] = [
    [
      "a transfer with a 1 KiB payload",
      frames.amqp_frame(
        3,
        frames.transfer({ handle: 1, delivery_id: 7, delivery_tag: Buffer.from([1]) }),
        Buffer.alloc(1024, 7),
      ),
    ],
    [
      "a transfer with a 200 KiB payload",
      frames.amqp_frame(
        0,
        frames.transfer({ handle: 0, delivery_id: 1, more: true }),
        Buffer.alloc(200 * 1024, 1),
      ),
    ],
    [
      "a flow without payload",
      frames.amqp_frame(1, frames.flow({ next_incoming_id: 4, incoming_window: 2048 })),
    ],
    [
      "an attach bigger than the first scratch buffer",
      frames.amqp_frame(2, frames.attach({ name: "x".repeat(10_000), handle: 0, role: false })),
    ],
    ["an empty frame (heartbeat)", frames.amqp_frame(0, undefined)],
  ];
  for (const [what, frame] of cases) {
    it(`[AMQP 2.3.1] writes the same bytes as rhea for ${what}, without copying the payload`, () => {
      const parts = serialize(frame);
      expect(Buffer.concat(parts)).toEqual(frames.write_frame(frame));
      if (frame.payload) expect(parts[1]).toBe(frame.payload);
    });
  }

  it("keeps serializing correctly after a frame outgrew its scratch buffer", () => {
    const big = frames.amqp_frame(2, frames.attach({ name: "y".repeat(5000), handle: 0, role: true }));
    const small = frames.amqp_frame(5, frames.flow({ next_incoming_id: 1, incoming_window: 10 }));
    const first = serialize(small);
    serialize(big);
    expect(Buffer.concat(serialize(small))).toEqual(Buffer.concat(first));
  });
});

describe("Transport.write with held frames", () => {
  installRheaPatches();
  const transport = rheaModules().transport.prototype;
  const serialize = frameSerializer(rheaModules().types);
  const held = frames.amqp_frame(1, frames.transfer({ handle: 0, delivery_id: 0 }), Buffer.alloc(300, 3));
  const plain = frames.amqp_frame(1, frames.flow({ next_incoming_id: 1, incoming_window: 10 }));
  const queue = () => [{ [Symbol.for("jms-ts.serialized-frame")]: serialize(held) }, plain];
  const header = { protocol_id: 0, major: 1, minor: 0, revision: 0 };

  it("gives a socket that cannot cork one write per frame, in order (a WebSocket message each)", () => {
    const writes: Buffer[] = [];
    const state = { pending: queue(), header_sent: header };
    transport.write.call(state, { write: (buffer: Buffer) => writes.push(buffer) });
    expect(writes).toEqual([frames.write_frame(held), frames.write_frame(plain)]);
    expect(state.pending).toEqual([]);
  });

  it("corks a socket that can, and writes header and payload of a held frame uncopied", () => {
    const calls: string[] = [];
    const writes: Buffer[] = [];
    const socket = {
      cork: () => calls.push("cork"),
      uncork: () => calls.push("uncork"),
      write: (buffer: Buffer) => {
        calls.push("write");
        writes.push(buffer);
      },
    };
    transport.write.call({ pending: queue(), header_sent: header }, socket);
    expect(calls).toEqual(["cork", "write", "write", "write", "uncork"]);
    expect(Buffer.concat(writes)).toEqual(
      Buffer.concat([frames.write_frame(held), frames.write_frame(plain)]),
    );
    expect(writes[1]).toBe(held.payload);
  });
});
