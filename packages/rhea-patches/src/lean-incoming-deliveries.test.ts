import type { AddressInfo } from "node:net";
import rhea, { type Connection, type Delivery, type EventContext, type Sender } from "rhea";
import { afterEach, describe, expect, it } from "vitest";
import { installRheaPatches } from "./index";
import { rawBytesOf } from "./raw-bytes";

installRheaPatches();

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

/** A server whose receiver hands every message to `onMessage`, and a client connection to it; 512-byte frames. */
async function pair(
  onMessage: (context: EventContext) => void,
): Promise<{ client: Connection; sender: Sender }> {
  const server = rhea.create_container({ id: "server" });
  server.on("receiver_open", (context: EventContext) => context.receiver?.set_target({ address: "q" }));
  server.on("message", onMessage);
  const listener = server.listen({ port: 0, host: "127.0.0.1", max_frame_size: 512 });
  cleanups.push(() => listener.close());
  await new Promise<void>((resolve) => listener.once("listening", () => resolve()));
  const client = rhea
    .create_container({ id: "client" })
    .connect({ port: (listener.address() as AddressInfo).port, host: "127.0.0.1", max_frame_size: 512 });
  cleanups.push(() => client.close());
  const sender = client.open_sender("q");
  await new Promise<void>((resolve) => sender.once("sendable", () => resolve()));
  return { client, sender };
}

describe("lean incoming deliveries", () => {
  it("delivers single- and multi-frame messages whole, with rhea's delivery fields", async () => {
    const seen: Array<{ bytes: Buffer | undefined; id: number; format: number; settled: boolean }> = [];
    const arrived = new Promise<void>((resolve, reject) => {
      void pair((context) => {
        const delivery = context.delivery as Delivery & {
          id: number;
          format: number;
          remote_settled: boolean;
        };
        seen.push({
          bytes: rawBytesOf(context.message),
          id: delivery.id,
          format: delivery.format,
          settled: delivery.remote_settled,
        });
        if (seen.length === 3) resolve();
      })
        .then(({ sender }) => {
          const small = Buffer.from([0x00, 0x53, 0x75, 0xa0, 0x03, 1, 2, 3]); // data section [1, 2, 3]
          const bigBody = Buffer.alloc(3000, 7);
          // A data section of 3000 bytes: more than the 512-byte frames the client was told to use.
          const big = Buffer.concat([Buffer.from([0x00, 0x53, 0x75, 0xb0, 0, 0, 0x0b, 0xb8]), bigBody]);
          sender.send(small, undefined, 0);
          sender.send(big, undefined, 0);
          sender.send(small, undefined, 0);
        })
        .catch(reject);
    });
    await arrived;
    expect(seen.map((s) => s.id)).toEqual([0, 1, 2]);
    expect(seen.every((s) => s.format === 0 && s.settled === false)).toBe(true);
    expect(seen[0]?.bytes).toEqual(Buffer.from([0x00, 0x53, 0x75, 0xa0, 0x03, 1, 2, 3]));
    expect(seen[1]?.bytes?.length).toBe(3008);
    expect(seen[1]?.bytes?.subarray(8)).toEqual(Buffer.alloc(3000, 7));
  });

  it.each([
    ["accept", (d: Delivery) => d.accept(), "accepted"],
    ["release", (d: Delivery) => d.release(), "released"],
    ["reject", (d: Delivery) => d.reject({ condition: "amqp:internal-error" }), "rejected"],
    // rhea's sender reports a modified outcome as "released", with the modified fields as its remote state.
    ["modified", (d: Delivery) => d.modified({ delivery_failed: true }), "released"],
  ] as const)("%s reaches the sender as %s", async (name, settle, event) => {
    const outcome = new Promise<[string, unknown]>((resolve) => {
      void pair((context) => settle(context.delivery as Delivery)).then(({ sender }) => {
        for (const outcomeName of ["accepted", "released", "rejected", "modified"])
          sender.on(outcomeName, (context: EventContext) =>
            resolve([outcomeName, (context.delivery as { remote_state?: unknown }).remote_state]),
          );
        sender.send(Buffer.from([0x00, 0x53, 0x77, 0x40]), undefined, 0); // amqp-value null
      });
    });
    const [seen, state] = await outcome;
    expect(seen).toBe(event);
    if (name === "modified") expect(state).toMatchObject({ delivery_failed: true });
    if (name === "reject") expect(state).toMatchObject({ error: { condition: "amqp:internal-error" } });
  });

  it("a receiver in rcv-settle-mode first settles on accept", async () => {
    const settled = new Promise<boolean>((resolve) => {
      void pair((context) => {
        const delivery = context.delivery as Delivery & { settled: boolean };
        delivery.accept();
        resolve(delivery.settled);
      }).then(({ sender }) => sender.send(Buffer.from([0x00, 0x53, 0x77, 0x40]), undefined, 0));
    });
    expect(await settled).toBe(true);
  });
});
