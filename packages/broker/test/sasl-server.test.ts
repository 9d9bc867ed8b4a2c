// The broker's SASL layer on the wire [AMQP 5.3]: outcomes, refusals, warnings and who a connection is.
// Raw sockets where the frames matter, rhea clients where a client's view matters; every wait is bounded.
import { execFileSync } from "node:child_process";
import { createHash, createHmac, pbkdf2Sync, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { connect as tcpConnect, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createBroker, type Broker, hashPassword } from "@jms-ts/broker";
import { amqp, type AmqpValue, decode, encode } from "@jms-ts/codec";
import { installRheaPatches } from "@jms-ts/rhea-patches";
import rhea, { type Connection, type ConnectionOptions, type EventContext } from "rhea";
import { afterEach, describe, expect, it } from "vitest";
import { type Authentication, authenticationOf } from "../src/security/connection-user";
import { installSaslServer, type SaslServerOptions } from "../src/transport/sasl/server-mechanisms";
import { within } from "./amqp/rhea-client";

installRheaPatches();

const HOST = "127.0.0.1";

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

// ---- a raw AMQP peer: protocol headers and frames [AMQP 2.2, 2.3, 5.3.1] ----

const SASL_HEADER = Buffer.from("AMQP\x03\x01\x00\x00", "latin1");
const AMQP_HEADER = Buffer.from("AMQP\x00\x01\x00\x00", "latin1");
const Performative = {
  open: 0x10n,
  close: 0x18n,
  error: 0x1dn,
  saslMechanisms: 0x40n,
  saslInit: 0x41n,
  saslOutcome: 0x44n,
};

function frame(type: 0 | 1, descriptor: bigint, fields: AmqpValue[]): Buffer {
  const body = encode(amqp.described(amqp.ulong(descriptor), amqp.list(fields)));
  const header = Buffer.from([0, 0, 0, 0, 2, type, 0, 0]);
  header.writeUInt32BE(8 + body.length);
  return Buffer.concat([header, body]);
}

interface Performed {
  descriptor: bigint;
  fields: AmqpValue[];
}

class RawPeer {
  private buffer = Buffer.alloc(0);
  private wake: (() => void) | undefined;
  private ended = false;

  private constructor(private readonly socket: Socket) {
    socket.on("data", (data: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, data]);
      this.wake?.();
    });
    socket.on("close", () => {
      this.ended = true;
      this.wake?.();
    });
    socket.on("error", () => undefined);
  }

  static async connect(port: number): Promise<RawPeer> {
    const socket = tcpConnect({ host: HOST, port });
    cleanups.push(() => socket.destroy());
    await within(new Promise((resolve) => socket.once("connect", resolve)), "a TCP connection");
    return new RawPeer(socket);
  }

  send(...chunks: Buffer[]): void {
    this.socket.write(Buffer.concat(chunks));
  }

  /** The next `length` bytes the broker sent. */
  async bytes(length: number, what: string): Promise<Buffer> {
    await within(
      (async () => {
        while (this.buffer.length < length) {
          if (this.ended) throw new Error(`the broker closed the socket before ${what}`);
          await new Promise<void>((resolve) => (this.wake = resolve));
        }
      })(),
      what,
    );
    const taken = this.buffer.subarray(0, length);
    this.buffer = this.buffer.subarray(length);
    return taken;
  }

  /** The next frame's performative (empty frames skipped). */
  async performative(what: string): Promise<Performed> {
    for (;;) {
      const size = (await this.bytes(4, what)).readUInt32BE();
      const rest = await this.bytes(size - 4, what);
      if (size === 8) continue;
      const { value } = decode(rest, (rest[0] ?? 2) * 4 - 4);
      if (value.type !== "described" || value.descriptor.type !== "ulong" || value.value.type !== "list") {
        throw new Error(`not a performative: ${JSON.stringify(value)}`);
      }
      return { descriptor: value.descriptor.value, fields: value.value.value };
    }
  }

  /** Resolves once the broker has closed the socket. */
  async closed(what: string): Promise<void> {
    await within(
      (async () => {
        while (!this.ended) await new Promise<void>((resolve) => (this.wake = resolve));
      })(),
      what,
    );
  }
}

/** Reads the SASL header and sasl-mechanisms; returns the offered names. */
async function saslMechanisms(peer: RawPeer): Promise<string[]> {
  peer.send(SASL_HEADER);
  expect(await peer.bytes(8, "the SASL protocol header")).toEqual(SASL_HEADER);
  const { descriptor, fields } = await peer.performative("sasl-mechanisms");
  expect(descriptor).toBe(Performative.saslMechanisms);
  const offered = fields[0];
  if (offered?.type === "symbol") return [offered.value];
  if (offered?.type !== "array") throw new Error("sasl-mechanisms without mechanisms");
  return offered.value.map((symbol) => (symbol.type === "symbol" ? symbol.value : "?"));
}

async function saslOutcome(peer: RawPeer, mechanism: string, response: string): Promise<number> {
  peer.send(
    frame(1, Performative.saslInit, [amqp.symbol(mechanism), amqp.binary(Buffer.from(response, "utf8"))]),
  );
  const { descriptor, fields } = await peer.performative("sasl-outcome");
  expect(descriptor).toBe(Performative.saslOutcome);
  return fields[0]?.type === "ubyte" ? fields[0].value : -1;
}

// ---- servers: the SASL layer on a bare rhea container, and the whole broker ----

/** installSaslServer on a rhea container of its own, with a recording logger. */
async function saslServer(options: SaslServerOptions) {
  const container = rhea.create_container({ id: "sasl-test-server" });
  const warnings: string[] = [];
  installSaslServer(container, options, { info() {}, error() {}, warn: (line) => warnings.push(line) });
  const opened: Array<Authentication | undefined> = [];
  container.on("connection_open", (context: EventContext) => {
    const connection: Connection = context.connection;
    if (connection.is_open()) opened.push(authenticationOf(connection));
  });
  for (const event of ["error", "protocol_error", "connection_error"]) container.on(event, () => undefined);
  const server: Server = container.listen({ host: HOST, port: 0 });
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => sockets.add(socket));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  await within(new Promise((resolve) => server.once("listening", resolve)), "the test server to listen");
  const port = (server.address() as { port: number }).port;
  return { port, warnings, opened };
}

async function broker(options: Parameters<typeof createBroker>[0]): Promise<Broker> {
  const started = await createBroker({ host: HOST, port: 0, ...options });
  cleanups.push(() => started.close());
  return started;
}

// ---- rhea clients ----

/** A SCRAM client for rhea's client mechanism interface (start/step with callbacks) [RFC 5802 3]. */
function scramClient(hash: "sha256" | "sha512", user: string, password: string) {
  const bare = `n=${user},r=${randomBytes(18).toString("base64")}`;
  let expectedServerFinal = "";
  type Callback = (error: string | undefined, response: Buffer) => void;
  return {
    start(callback: Callback) {
      callback(undefined, Buffer.from(`n,,${bare}`));
    },
    step(challenge: Buffer, callback: Callback) {
      const text = challenge.toString("utf8");
      if (text.startsWith("v=")) {
        callback(text === expectedServerFinal ? undefined : "wrong server signature", Buffer.alloc(0));
        return;
      }
      const fields = Object.fromEntries(text.split(",").map((f) => [f[0] ?? "", f.slice(2)]));
      const length = createHash(hash).digest().length;
      const salt = Buffer.from(fields["s"] ?? "", "base64");
      const salted = pbkdf2Sync(password, salt, Number(fields["i"]), length, hash);
      const clientKey = createHmac(hash, salted).update("Client Key").digest();
      const storedKey = createHash(hash).update(clientKey).digest();
      const withoutProof = `c=biws,r=${fields["r"] ?? ""}`;
      const auth = `${bare},${text},${withoutProof}`;
      const signature = createHmac(hash, storedKey).update(auth).digest();
      const proof = Buffer.from(clientKey.map((b, i) => b ^ (signature[i] ?? 0))).toString("base64");
      const serverKey = createHmac(hash, salted).update("Server Key").digest();
      expectedServerFinal = `v=${createHmac(hash, serverKey).update(auth).digest("base64")}`;
      callback(undefined, Buffer.from(`${withoutProof},p=${proof}`));
    },
  };
}

/** rhea's connection options, with its untyped table of client mechanisms [rhea.md 1.9]. */
type ClientOptions = ConnectionOptions & { sasl_mechanisms?: Record<string, () => object> };

/** Connects with rhea; resolves once the connection is open. */
async function opened(options: ClientOptions): Promise<Connection> {
  const connection = client(options);
  await within(
    new Promise<void>((resolve, reject) => {
      connection.once("connection_open", () => resolve());
      connection.once("disconnected", () => reject(new Error("disconnected before the connection opened")));
    }),
    "the connection to open",
  );
  return connection;
}

/** Connects with rhea; resolves with the error condition the connection ends with. */
async function refused(options: ClientOptions): Promise<string | undefined> {
  const connection = client(options);
  return within(
    new Promise<string | undefined>((resolve) => {
      connection.on("connection_error", (context: { error?: { condition?: string } }) =>
        resolve(context.error?.condition),
      );
      connection.once("disconnected", () => resolve("disconnected without an error"));
    }),
    "the connection to fail",
  );
}

function client(options: ClientOptions): Connection {
  const container = rhea.create_container();
  container.on("error", () => undefined);
  const connection = container.connect({ host: HOST, reconnect: false, ...options });
  cleanups.push(() => connection.close());
  return connection;
}

const CAROL_HASH = hashPassword("carols-secret");

describe("[AMQP 5.3] SASL on the wire (installSaslServer)", () => {
  it("[AMQP 5.3.3.1] offers the credentialed mechanisms, strongest first, and not ANONYMOUS", async () => {
    const server = await saslServer({ users: { alice: "pencil" } });
    const peer = await RawPeer.connect(server.port);
    expect(await saslMechanisms(peer)).toEqual(["SCRAM-SHA-512", "SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN"]);
  });

  it("[AMQP 5.3.3.6] a wrong password gets sasl-outcome auth (1) and one warning naming user and mechanism", async () => {
    const server = await saslServer({ users: { alice: "pencil" } });
    const peer = await RawPeer.connect(server.port);
    await saslMechanisms(peer);
    expect(await saslOutcome(peer, "PLAIN", "\0alice\0wrong")).toBe(1);
    expect(server.warnings).toEqual(['authentication failed: PLAIN as user "alice": wrong password']);
    expect(server.opened).toEqual([]);
  });

  it("[AMQP 5.3.3.6] ANONYMOUS, asked for although not offered, gets auth (1) and a warning", async () => {
    const server = await saslServer({ userHashes: { carol: CAROL_HASH } });
    const peer = await RawPeer.connect(server.port);
    expect(await saslMechanisms(peer)).toEqual(["SCRAM-SHA-256", "PLAIN"]);
    expect(await saslOutcome(peer, "ANONYMOUS", "")).toBe(1);
    expect(server.warnings).toEqual([
      "authentication failed: ANONYMOUS: anonymous connections are not allowed",
    ]);
  });

  it("[AMQP 5.3.1] a client that skips SASL gets open, then close with amqp:unauthorized-access", async () => {
    const server = await saslServer({ users: { alice: "pencil" } });
    const peer = await RawPeer.connect(server.port);
    peer.send(AMQP_HEADER, frame(0, Performative.open, [amqp.string("raw-client")]));
    expect(await peer.bytes(8, "the AMQP protocol header")).toEqual(AMQP_HEADER);
    expect((await peer.performative("open")).descriptor).toBe(Performative.open);
    const close = await peer.performative("close");
    expect(close.descriptor).toBe(Performative.close);
    const error = close.fields[0];
    expect(error?.type === "described" && error.value.type === "list" ? error.value.value[0] : error).toEqual(
      amqp.symbol("amqp:unauthorized-access"),
    );
    expect(server.warnings).toEqual([
      'refused a connection from container "raw-client": it skipped SASL, and this broker requires authentication',
    ]);
    expect(server.opened).toEqual([]);
    peer.send(frame(0, Performative.close, []));
    await peer.closed("the socket to close after close");
  });

  it("a rhea client without credentials (bare AMQP) ends with amqp:unauthorized-access", async () => {
    const server = await saslServer({ users: { alice: "pencil" } });
    expect(await refused({ port: server.port })).toBe("amqp:unauthorized-access");
  });

  it("[AMQP 5.3.3.6] rhea turns outcome auth into amqp:unauthorized-access on the client", async () => {
    const server = await saslServer({ users: { alice: "pencil" } });
    expect(await refused({ port: server.port, username: "alice", password: "nope" })).toBe(
      "amqp:unauthorized-access",
    );
    expect(server.warnings).toEqual(['authentication failed: PLAIN as user "alice": wrong password']);
  });

  it("records how each connection authenticated: SCRAM, PLAIN, ANONYMOUS, or bare AMQP", async () => {
    const credentialed = await saslServer({ users: { alice: "pencil" }, userHashes: { carol: CAROL_HASH } });
    const scram = { "SCRAM-SHA-256": () => scramClient("sha256", "carol", "carols-secret") };
    await opened({ port: credentialed.port, sasl_mechanisms: scram });
    await opened({ port: credentialed.port, username: "alice", password: "pencil" });
    const open = await saslServer({});
    await opened({ port: open.port, username: "trace-only" });
    await opened({ port: open.port });
    expect([...credentialed.opened, ...open.opened]).toEqual([
      { mechanism: "SCRAM-SHA-256", user: "carol" },
      { mechanism: "PLAIN", user: "alice" },
      { mechanism: "ANONYMOUS", user: undefined },
      undefined,
    ]);
    expect(credentialed.warnings).toEqual([]);
  });
});

describe("the broker's connections name their user (userOf)", () => {
  it("[RFC 4616, RFC 5802] PLAIN and SCRAM users; none for an anonymous broker", async () => {
    const secured = await broker({
      users: { alice: "pencil" },
      config: { users: [{ name: "carol", passwordHash: CAROL_HASH }] },
    });
    const scram = { "SCRAM-SHA-256": () => scramClient("sha256", "carol", "carols-secret") };
    await opened({ port: secured.port, sasl_mechanisms: scram });
    await opened({ port: secured.port, username: "alice", password: "pencil" });
    expect(secured.connections().map((c) => c.user)).toEqual(["carol", "alice"]);
    const open = await broker({});
    await opened({ port: open.port });
    expect(open.connections().map((c) => c.user)).toEqual([undefined]);
  });

  it("[AMQP 5.3.3.6] a wrong password gets outcome auth (1) from the broker, and no connection", async () => {
    const secured = await broker({ users: { alice: "pencil" } });
    const peer = await RawPeer.connect(secured.port);
    await saslMechanisms(peer);
    expect(await saslOutcome(peer, "PLAIN", "\0alice\0wrong")).toBe(1);
    expect(secured.connectionCount).toBe(0);
  });

  it("[RFC 4422 A] EXTERNAL over TLS: the user is the client certificate's common name", async () => {
    const dir = mkdtempSync(join(tmpdir(), "jms-broker-external-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const at = (name: string) => join(dir, name);
    const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "pipe" });
    const newKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
    openssl(
      "req",
      "-x509",
      ...newKey,
      "-keyout",
      at("ca.key"),
      "-out",
      at("ca.pem"),
      "-days",
      "1",
      "-subj",
      "/CN=test-ca",
    );
    openssl(
      "req",
      "-x509",
      ...newKey,
      "-keyout",
      at("server.key"),
      "-out",
      at("server.pem"),
      "-days",
      "1",
      "-subj",
      "/CN=localhost",
    );
    openssl("req", ...newKey, "-keyout", at("client.key"), "-out", at("client.csr"), "-subj", "/CN=dave");
    openssl(
      "x509",
      "-req",
      "-in",
      at("client.csr"),
      "-CA",
      at("ca.pem"),
      "-CAkey",
      at("ca.key"),
      "-set_serial",
      "1",
      "-days",
      "1",
      "-out",
      at("client.pem"),
    );
    const secured = await broker({
      users: { alice: "pencil" },
      tls: {
        port: 0,
        key: readFileSync(at("server.key")),
        cert: readFileSync(at("server.pem")),
        ca: readFileSync(at("ca.pem")),
      },
    });
    await opened({
      port: secured.tlsPort ?? 0,
      transport: "tls",
      key: readFileSync(at("client.key")),
      cert: readFileSync(at("client.pem")),
      servername: "localhost",
      rejectUnauthorized: false,
      enable_sasl_external: true,
    } as ClientOptions);
    expect(secured.connections().map((c) => c.user)).toEqual(["dave"]);
  });
});
