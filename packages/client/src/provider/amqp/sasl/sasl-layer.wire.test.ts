import rhea, { type EventContext } from "rhea";
import { afterEach, describe, expect, it } from "vitest";
import { parseAmqpUri } from "../amqp-uri";
import { openAmqpConnection } from "../amqp-connection";
import { listenOnLoopback } from "../../../../test/support/rhea-listener";

/** A rhea server offering `offered` in that (weakest-first) order and recording each sasl-init. */
async function saslPeer(offered: string[], accept = true) {
  const container = rhea.create_container({ id: "sasl-peer" });
  const inits: { mechanism: string; response: string }[] = [];
  const mechanisms = container.sasl_server_mechanisms as Record<string, unknown>;
  for (const name of offered) {
    mechanisms[name] = () => ({
      outcome: undefined as boolean | undefined,
      start(response: Buffer | undefined) {
        inits.push({ mechanism: name, response: (response ?? Buffer.alloc(0)).toString("latin1") });
        this.outcome = accept;
      },
    });
  }
  container.on("connection_open", (context: EventContext) => context.connection.open());
  return { inits, ...(await listenOnLoopback(container)) };
}

let cleanup: (() => unknown)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.map((c) => c()));
  cleanup = [];
});

async function connect(port: number, query: string, username?: string, password?: string) {
  const uri = parseAmqpUri(`amqp://127.0.0.1:${port}?${query}`);
  const connection = await openAmqpConnection(uri, {
    clientId: "c",
    ...(username === undefined ? {} : { username }),
    ...(password === undefined ? {} : { password }),
  });
  cleanup.push(() => connection.close());
  return connection;
}

describe("[AMQP 5.3.3] SASL mechanism choice on the wire", () => {
  it("sasl-init names the strongest offered mechanism, not the server's first", async () => {
    const peer = await saslPeer(["ANONYMOUS", "PLAIN", "EXTERNAL"]);
    cleanup.push(peer.close);
    await connect(peer.port, "", "user", "pw");
    expect(peer.inits).toEqual([{ mechanism: "PLAIN", response: "\0user\0pw" }]);
  });

  it("without credentials sasl-init is ANONYMOUS even when PLAIN is listed first", async () => {
    const peer = await saslPeer(["PLAIN", "ANONYMOUS"]);
    cleanup.push(peer.close);
    await connect(peer.port, "");
    expect(peer.inits.map((i) => i.mechanism)).toEqual(["ANONYMOUS"]);
  });

  it("amqp.saslMechanisms leaves out mechanisms the server offers", async () => {
    const peer = await saslPeer(["ANONYMOUS", "PLAIN"]);
    cleanup.push(peer.close);
    await expect(connect(peer.port, "amqp.saslMechanisms=SCRAM-SHA-256", "u", "p")).rejects.toThrow(
      /no SASL mechanism in common: the server offers ANONYMOUS, PLAIN, the client allows SCRAM-SHA-256/,
    );
    expect(peer.inits).toEqual([]);
  });

  it("sasl-outcome auth is a security error naming user and mechanism", async () => {
    const peer = await saslPeer(["PLAIN"], false);
    cleanup.push(peer.close);
    await expect(connect(peer.port, "", "bob", "pw")).rejects.toMatchObject({
      kind: "security",
      message: expect.stringContaining(
        'authentication failed for user "bob" with mechanism PLAIN',
      ) as unknown,
    });
  });
});
