import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { frameSerializer } from "./coalesced-writes";
import { LightTransfer } from "./fast-transfer-write";
import { installRheaPatches } from "./index";
import { rheaModules } from "./rhea-internals";

const load = createRequire(import.meta.url);
const frames = load("rhea/lib/frames.js") as {
  transfer(fields: object): { value: unknown[] };
  amqp_frame(channel: number, performative: unknown, payload?: Buffer): object;
  write_frame(frame: unknown): Buffer;
};
// rhea's own transfer, taken before the patch replaces frames.transfer.
const rheaTransfer = frames.transfer.bind(frames);
const types = (load("rhea") as { types: Record<string, (...args: unknown[]) => unknown> }).types;

installRheaPatches();
const serialize = frameSerializer(rheaModules().types);

const fieldSets: object[] = [];
for (const handle of [0, 1, 255, 256, 70_000])
  for (const tag of [Buffer.alloc(0), Buffer.from("12"), Buffer.alloc(256, 3)])
    for (const settled of [undefined, true, false])
      for (const more of [true, false])
        fieldSets.push({
          handle,
          message_format: 0,
          delivery_id: handle * 7,
          delivery_tag: tag,
          settled,
          more,
        });
fieldSets.push({
  handle: 2,
  message_format: 0x80013700,
  delivery_id: undefined,
  delivery_tag: Buffer.from("x"),
});

describe("fast transfer write", () => {
  it("rhea's Outgoing.process now gets a LightTransfer from frames.transfer", () => {
    expect(frames.transfer({ handle: 0, delivery_tag: Buffer.from("t") })).toBeInstanceOf(LightTransfer);
  });

  it.each(fieldSets.map((fields) => [JSON.stringify(fields), fields]))(
    "writes %s byte for byte as rhea does",
    (_name, fields) => {
      const payload = Buffer.from("the message");
      const rheaBytes = frames.write_frame(frames.amqp_frame(3, rheaTransfer(fields), payload));
      const fast = serialize({ type: 0, channel: 3, performative: frames.transfer(fields), payload });
      expect(Buffer.concat(fast)).toEqual(rheaBytes);
      expect(fast[1]).toBe(payload); // the payload is handed on, not copied
    },
  );

  it("rhea's own writer and frame log get rhea's composite through described()", () => {
    const fields = {
      handle: 1,
      delivery_id: 5,
      delivery_tag: Buffer.from("d"),
      message_format: 0,
      settled: true,
    };
    const light = frames.write_frame(frames.amqp_frame(0, frames.transfer(fields)));
    const composite = frames.write_frame(frames.amqp_frame(0, rheaTransfer(fields)));
    expect(light).toEqual(composite);
  });

  it("a transfer given a state (transfer-state.ts) is written by rhea's writer, state included", () => {
    const state = types["described"]?.(types["wrap_ulong"]?.(0x34), types["wrap_list"]?.([]));
    const fields = {
      handle: 1,
      delivery_id: 5,
      delivery_tag: Buffer.from("d"),
      message_format: 0,
      more: false,
    };
    const light = frames.transfer(fields) as LightTransfer;
    light.value[7] = state;
    expect(light.plain).toBe(false);
    const reference = rheaTransfer(fields);
    reference.value[7] = state;
    const expected = frames.write_frame(frames.amqp_frame(0, reference));
    expect(Buffer.concat(serialize({ type: 0, channel: 0, performative: light }))).toEqual(expected);
  });
});
