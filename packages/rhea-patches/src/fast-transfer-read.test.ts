import { createRequire } from "node:module";
import rhea from "rhea";
import { describe, expect, it } from "vitest";
import { readPlainTransfer } from "./fast-transfer-read";
import { installRheaPatches } from "./index";

const load = createRequire(import.meta.url);
const frames = load("rhea/lib/frames.js") as {
  transfer(fields: object): { value: unknown[] };
  amqp_frame(channel: number, performative: unknown, payload?: Buffer): unknown;
  write_frame(frame: unknown): Buffer;
  read_frame(buffer: Buffer): { performative: Record<string, unknown>; payload?: Buffer; channel: number };
};
const types = rhea.types as unknown as {
  Reader: new (buffer: Buffer) => { read(): unknown; position: number };
  unwrap(value: unknown): unknown;
  described(descriptor: unknown, value: unknown): unknown;
  wrap_ulong(value: number): unknown;
  wrap_list(items: unknown[]): unknown;
};

const FIELDS = [
  "handle",
  "delivery_id",
  "delivery_tag",
  "message_format",
  "settled",
  "more",
  "rcv_settle_mode",
  "state",
  "resume",
  "aborted",
  "batchable",
] as const;

/** What rhea's own reader makes of a frame's performative and payload. */
function rheaReads(frame: Buffer): { fields: Record<string, unknown>; payload: Buffer | undefined } {
  // As frames.read_frame does: read the described list, then each field through rhea's getter (unwrap).
  const reader = new types.Reader(frame.subarray(8));
  const items = (reader.read() as { value: unknown[] }).value;
  const fields = Object.fromEntries(FIELDS.map((name, i) => [name, types.unwrap(items[i])]));
  const rest = frame.subarray(8 + reader.position);
  return { fields, payload: rest.length > 0 ? rest : undefined };
}

function fastReads(frame: Buffer): { fields: Record<string, unknown>; payload: Buffer | undefined } {
  const parsed = readPlainTransfer(frame);
  if (!parsed) throw new Error("expected the fast path to read this transfer");
  const fields = Object.fromEntries(FIELDS.map((name) => [name, parsed.performative[name]]));
  return { fields, payload: parsed.payload };
}

const encode = (channel: number, fields: object, payload?: Buffer): Buffer =>
  frames.write_frame(frames.amqp_frame(channel, frames.transfer(fields), payload));

describe("fast transfer read", () => {
  const tags = [Buffer.alloc(0), Buffer.from("7"), Buffer.alloc(300, 1)];
  const handles = [0, 200, 70_000];
  const flags = [undefined, true, false];
  const cases: Array<[string, object, Buffer | undefined]> = [];
  for (const handle of handles)
    for (const tag of tags)
      for (const settled of flags)
        for (const more of flags)
          cases.push([
            `handle ${handle}, tag of ${tag.length}, settled ${settled}, more ${more}`,
            { handle, delivery_id: handle * 3, delivery_tag: tag, message_format: 0, settled, more },
            Buffer.from(`payload-${handle}`),
          ]);
  cases.push(["a continuation frame (handle only)", { handle: 3 }, Buffer.alloc(2000, 2)]);
  cases.push(["no payload", { handle: 1, delivery_id: 9, delivery_tag: Buffer.from("a") }, undefined]);
  cases.push([
    "every plain field",
    {
      handle: 1,
      delivery_id: 4_000_000_000,
      delivery_tag: Buffer.from("t"),
      message_format: 0x80013700,
      settled: false,
      more: true,
      rcv_settle_mode: 1,
      resume: false,
      aborted: true,
      batchable: true,
    },
    Buffer.from("p"),
  ]);

  it.each(cases)("reads %s exactly as rhea does", (_name, fields, payload) => {
    const frame = encode(5, fields, payload);
    expect(fastReads(frame)).toEqual(rheaReads(frame));
    expect(readPlainTransfer(frame)?.channel).toBe(5);
  });

  it("reads null fields as rhea does (null, not undefined)", () => {
    // A peer may write null for any field before the last one it sends.
    const list = Buffer.from([0x00, 0x53, 0x14, 0xc0, 0x06, 0x05, 0x43, 0x40, 0x40, 0x40, 0x41]);
    const frame = Buffer.concat([Buffer.from([0, 0, 0, 8 + list.length, 2, 0, 0, 0]), list]);
    expect(fastReads(frame)).toEqual(rheaReads(frame));
    expect(fastReads(frame).fields).toMatchObject({ delivery_id: null, settled: true, more: undefined });
  });

  it("leaves rhea to read a transfer carrying a delivery state", () => {
    const frame = encode(0, { handle: 0, delivery_id: 1, delivery_tag: Buffer.from("s") }, Buffer.from("x"));
    const performative = frames.transfer({ handle: 0, delivery_id: 1, delivery_tag: Buffer.from("s") });
    performative.value[7] = types.described(types.wrap_ulong(0x24), types.wrap_list([]));
    const stated = frames.write_frame(frames.amqp_frame(0, performative, Buffer.from("x")));
    expect(readPlainTransfer(frame)).toBeDefined();
    expect(readPlainTransfer(stated)).toBeUndefined();
  });

  it("leaves other frames and malformed transfers to rhea", () => {
    const flow = frames.write_frame(
      frames.amqp_frame(0, (load("rhea/lib/frames.js") as { flow(f: object): unknown }).flow({ handle: 1 })),
    );
    expect(readPlainTransfer(flow)).toBeUndefined();
    const good = encode(0, { handle: 1, delivery_id: 2, delivery_tag: Buffer.from("abc") });
    // Cut inside the tag: the list's declared size runs past the frame.
    expect(readPlainTransfer(good.subarray(0, good.length - 2))).toBeUndefined();
    // A handle written as a string is not a transfer this reader knows.
    const odd = Buffer.from(good);
    odd[odd.indexOf(0x52, 11)] = 0xa1;
    expect(readPlainTransfer(odd)).toBeUndefined();
  });

  it("once installed, rhea's read_frame takes the fast path for plain transfers and its own for the rest", () => {
    installRheaPatches();
    const frame = encode(2, { handle: 7, delivery_id: 8, delivery_tag: Buffer.from("q") }, Buffer.from("b"));
    const read = frames.read_frame(frame);
    expect(read.performative.constructor.name).toBe("FastTransfer");
    expect(read.performative["handle"]).toBe(7);
    expect(read.payload).toEqual(Buffer.from("b"));
    const flowFrames = load("rhea/lib/frames.js") as { flow(f: object): unknown };
    const flow = frames.read_frame(frames.write_frame(frames.amqp_frame(0, flowFrames.flow({ handle: 1 }))));
    expect(flow.performative["handle"]).toBe(1);
  });
});
