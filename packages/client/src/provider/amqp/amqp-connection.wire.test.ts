import rhea, { type EventContext } from "rhea";
import { type AddressInfo, createServer, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { openAmqpConnection } from "./amqp-connection";
import { parseAmqpUri } from "./amqp-uri";
import { listenOnLoopback } from "../../../test/support/rhea-listener";

interface SeenOpen {
  hostname: unknown;
  maxFrameSize: unknown;
  idleTimeOut: unknown;
}

/** A rhea server that records the client's open and answers with `reply`. */
async function peer(reply: (context: EventContext) => void) {
  const container = rhea.create_container({ id: "open-peer" });
  const opens: SeenOpen[] = [];
  container.on("connection_open", (context: EventContext) => {
    const c = context.connection as unknown as {
      hostname: unknown;
      max_frame_size: unknown;
      idle_time_out: unknown;
    };
    opens.push({ hostname: c.hostname, maxFrameSize: c.max_frame_size, idleTimeOut: c.idle_time_out });
    reply(context);
  });
  return { opens, ...(await listenOnLoopback(container)) };
}

let cleanup: (() => unknown)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.map((c) => c()));
  cleanup = [];
});

describe("[qpid-jms 2.8] connection open on the wire", () => {
  it("sends amqp.vhost, amqp.maxFrameSize and amqp.idleTimeout in the open frame", async () => {
    const p = await peer((context) => context.connection.open());
    cleanup.push(p.close);
    const uri = parseAmqpUri(
      `amqp://127.0.0.1:${p.port}?amqp.vhost=vh&amqp.maxFrameSize=4096&amqp.idleTimeout=30000`,
    );
    const connection = await openAmqpConnection(uri, { clientId: "c" });
    cleanup.push(() => connection.close());
    expect(p.opens).toEqual([{ hostname: "vh", maxFrameSize: 4096, idleTimeOut: 30000 }]);
  });

  it("an empty amqp.vhost sends no hostname", async () => {
    const p = await peer((context) => context.connection.open());
    cleanup.push(p.close);
    const connection = await openAmqpConnection(parseAmqpUri(`amqp://127.0.0.1:${p.port}?amqp.vhost=`), {
      clientId: "c",
    });
    cleanup.push(() => connection.close());
    expect(p.opens[0]?.hostname ?? undefined).toBeUndefined();
  });

  it("[qpid-jms 2.6] a close with invalid-field container-id is an invalid-client-id error", async () => {
    const p = await peer((context) => {
      const connection = context.connection as unknown as { local: { open: { properties?: unknown } } };
      connection.local.open.properties = { "connection-establishment-failed": true };
      context.connection.open();
      context.connection.close({
        condition: "amqp:invalid-field",
        description: "container-id in use",
        info: { "invalid-field": "container-id" },
      });
    });
    cleanup.push(p.close);
    const uri = parseAmqpUri(`amqp://127.0.0.1:${p.port}`);
    await expect(openAmqpConnection(uri, { clientId: "taken" })).rejects.toMatchObject({
      kind: "invalid-client-id",
      message: expect.stringContaining('refused ClientID "taken"') as unknown,
    });
  });

  it("a timeout on jms.connectTimeout when the peer never answers", async () => {
    let accepted: Socket | undefined;
    const silent = createServer((socket) => (accepted = socket.resume()));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    cleanup.push(() => new Promise((r) => silent.close(r)));
    cleanup.push(() => accepted?.destroy());
    const port = (silent.address() as AddressInfo).port;
    const uri = parseAmqpUri(`amqp://127.0.0.1:${port}?jms.connectTimeout=100`);
    await expect(openAmqpConnection(uri, { clientId: "c" })).rejects.toMatchObject({
      kind: "timed-out",
      message: "no AMQP connection within 100 ms",
    });
    // The client gave the socket up: the peer sees it close.
    await new Promise((resolve, reject) => {
      if (accepted?.closed) return resolve(undefined);
      accepted?.once("close", resolve);
      setTimeout(() => reject(new Error("the client left its socket open")), 2000);
    });
  });
});
