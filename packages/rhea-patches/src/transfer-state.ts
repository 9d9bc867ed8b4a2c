// rhea never writes a transfer's `state` field [AMQP 2.7.5], yet a send inside a transaction must carry
// transactional-state{txn-id} there [AMQP 4.5.6]. rhea builds every transfer frame through the shared
// `frames.transfer`, passing the delivery's tag; the patch looks the tag up in a registry filled by
// `sendWithTransferState` and writes the state into the frame, so no other part of rhea changes.
import { createRequire } from "node:module";
import { once, requireFunction } from "./rhea-internals";

const load = createRequire(import.meta.url);

/** The transfer performative's `state` field position [AMQP 2.7.5]. */
const STATE_FIELD = 7;

interface TransferFrame {
  value: unknown[];
}

interface Frames {
  transfer(fields: { delivery_tag?: unknown }): TransferFrame;
}

/** A rhea sender as far as this patch uses it. */
export interface StatefulSender<D> {
  next_tag(): Buffer;
  send(bytes: Buffer, tag: Buffer, format: number): D;
}

/** Tag → state, shared by every copy of this package in the process (the patch is installed once). */
function registry(): WeakMap<Buffer, unknown> {
  const key = Symbol.for("jms-ts.transfer-states");
  const holder = globalThis as unknown as Record<symbol, WeakMap<Buffer, unknown> | undefined>;
  return (holder[key] ??= new WeakMap<Buffer, unknown>());
}

export function patchTransferState(): void {
  const frames = load("rhea/lib/frames.js") as Frames;
  requireFunction(frames, "transfer", "frames");
  const states = registry();
  once(frames, "transfer-state", () => {
    const transfer = frames.transfer.bind(frames);
    frames.transfer = (fields) => {
      const frame = transfer(fields);
      const tag = fields.delivery_tag;
      const state = Buffer.isBuffer(tag) ? states.get(tag) : undefined;
      if (state !== undefined) frame.value[STATE_FIELD] = state;
      return frame;
    };
  });
}

/**
 * Sends pre-encoded bytes (format 0) whose transfer frames carry `state`, a rhea described value such as
 * transactional-state [AMQP 4.5.6]. Needs `installRheaPatches()`.
 */
export function sendWithTransferState<D>(sender: StatefulSender<D>, bytes: Buffer, state: unknown): D {
  const tag = sender.next_tag();
  registry().set(tag, state);
  return sender.send(bytes, tag, 0);
}
