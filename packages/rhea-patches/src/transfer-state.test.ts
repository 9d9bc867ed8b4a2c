import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import rhea, { type EventContext } from "rhea";
import { afterEach, describe, expect, it } from "vitest";
import { installRheaPatches, sendWithTransferState, type StatefulSender } from "./index";

installRheaPatches();

const load = createRequire(import.meta.url);
const frames = load("rhea/lib/frames.js") as {
  transfer(fields: object): { value: unknown[] };
};
const { types } = rhea;

const transactionalState = (txnId: Buffer): unknown =>
  types.described(types.wrap_ulong(0x34), types.wrap_list([types.wrap_binary(txnId)]));

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

describe("patchTransferState", () => {
  it("[AMQP 2.7.5] writes the registered state into the transfer's state field only for its tag", () => {
    let next = 0;
    const sender: StatefulSender<{ value: unknown[] }> = {
      next_tag: () => Buffer.from(`t${next++}`),
      send: (_bytes, tag) => frames.transfer({ handle: 0, delivery_tag: tag }),
    };
    const state = transactionalState(Buffer.from("tx-1"));
    const stated = sendWithTransferState(sender, Buffer.alloc(0), state);
    expect(stated.value[7]).toBe(state);
    const plain = frames.transfer({ handle: 0, delivery_tag: Buffer.from("t0") });
    expect(plain.value[7]).toBeUndefined();
  });

  it("[AMQP 4.5.6] a peer receives the transactional-state on the transfer", async () => {
    const server = rhea.create_container({ id: "server" });
    const listener = server.listen({ port: 0, host: "127.0.0.1" });
    cleanups.push(() => listener.close());
    await new Promise<void>((resolve) => listener.once("listening", () => resolve()));
    const received = new Promise<unknown>((resolve) =>
      server.on("message", (context: EventContext) => resolve(context.delivery?.remote_state)),
    );
    const client = rhea.create_container({ id: "client" });
    const connection = client.connect({ port: (listener.address() as AddressInfo).port, host: "127.0.0.1" });
    cleanups.push(() => connection.close());
    const sender = connection.open_sender("q");
    await new Promise<void>((resolve) => sender.once("sendable", () => resolve()));
    const bytes = Buffer.from([0x00, 0x53, 0x77, 0xa1, 0x02, 0x68, 0x69]); // amqp-value "hi"
    sendWithTransferState(
      sender as unknown as StatefulSender<unknown>,
      bytes,
      transactionalState(Buffer.from("tx-7")),
    );
    // rhea's reader drops the unknown descriptor and keeps the fields: [txn-id].
    expect(await received).toEqual([Buffer.from("tx-7")]);
  });
});
