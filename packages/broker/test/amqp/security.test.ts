// Users from a config file (salted hashes) and access rules checked at attach [issue 5 item 7].
import { hashPassword } from "@jms-ts/broker";
import rhea, { type Connection } from "rhea";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BrokerFixture, nextEvent, remoteError, within } from "./rhea-client";

const fixture = new BrokerFixture();
const opened: Connection[] = [];
beforeEach(() =>
  fixture.start({
    config: {
      users: [
        { name: "app", passwordHash: hashPassword("app-secret") },
        { name: "admin", passwordHash: hashPassword("admin-secret") },
      ],
      queues: [{ name: "orders" }, { name: "audit" }],
      acl: [
        { user: "admin", allow: ["send", "consume", "browse", "manage"] },
        { user: "app", allow: ["send", "consume"], queues: "orders" },
        { user: "app", allow: ["browse"], queues: "audit" },
        { user: "app", allow: ["send"], exchanges: "amq\\.topic" },
      ],
    },
  }),
);
afterEach(async () => {
  for (const connection of opened.splice(0)) connection.close();
  await fixture.stop();
});

/** A rhea connection with SASL PLAIN (rhea's choice when given a user name and password). */
async function connectAs(username: string, password: string): Promise<Connection> {
  const container = rhea.create_container();
  container.on("error", () => undefined);
  const connection = container.connect({
    host: "127.0.0.1",
    port: fixture.broker.port,
    reconnect: false,
    username,
    password,
  });
  opened.push(connection);
  connection.on("connection_error", () => undefined);
  await within(
    new Promise<void>((resolve, reject) => {
      connection.once("connection_open", () => resolve());
      connection.once("disconnected", () => reject(new Error("disconnected before the connection opened")));
    }),
    "connection_open",
  );
  return connection;
}

async function attach(connection: Connection, options: object, role: "sender" | "receiver") {
  const link = role === "sender" ? connection.open_sender(options) : connection.open_receiver(options);
  const outcome = await Promise.race([
    nextEvent(link, `${role}_open`).then(() => "open"),
    nextEvent(link, `${role}_close`).then(() => "closed"),
  ]);
  const error = (link as unknown as { error?: { condition?: string; description?: string } }).error;
  // rhea's error is a composite whose fields are getters: copy them out.
  return outcome === "open" && !error
    ? { open: true }
    : { open: false, condition: error?.condition, description: error?.description };
}

describe("users and access rules", () => {
  it("[RFC 4616] a user from a password hash authenticates; the broker records who connected", async () => {
    await connectAs("app", "app-secret");
    expect(fixture.broker.connections().map((c) => c.user)).toEqual(["app"]);
  });

  it("[AMQP 5.3.3.6] a wrong password ends the SASL exchange with auth and no connection", async () => {
    await expect(connectAs("app", "wrong")).rejects.toBeDefined();
    await expect(connectAs("nobody", "app-secret")).rejects.toBeDefined();
    expect(fixture.broker.connectionCount).toBe(0);
  });

  it("ANONYMOUS is not offered once users are configured", async () => {
    const container = rhea.create_container();
    container.on("error", () => undefined);
    const connection = container.connect({ host: "127.0.0.1", port: fixture.broker.port, reconnect: false });
    opened.push(connection);
    connection.on("connection_error", () => undefined);
    await nextEvent(connection, "connection_close");
    expect(remoteError(connection)?.condition).toBe("amqp:unauthorized-access");
    expect(fixture.broker.connectionCount).toBe(0);
  });

  it("[access rules] refuses at attach, with amqp:unauthorized-access, what the user may not do", async () => {
    const app = await connectAs("app", "app-secret");
    expect(await attach(app, { target: { address: "orders" } }, "sender")).toEqual({ open: true });
    expect(await attach(app, { source: { address: "orders" } }, "receiver")).toEqual({ open: true });
    expect(await attach(app, { target: { address: "amq.topic/news" } }, "sender")).toEqual({ open: true });
    expect(await attach(app, { source: { address: "audit" } }, "receiver")).toMatchObject({
      open: false,
      condition: "amqp:unauthorized-access",
      description: 'user "app" may not consume on queue "audit" (access rules)',
    });
    expect(
      await attach(app, { source: { address: "audit", distribution_mode: "copy" } }, "receiver"),
    ).toEqual({
      open: true,
    });
    expect(await attach(app, { target: { address: "audit" } }, "sender")).toMatchObject({
      condition: "amqp:unauthorized-access",
    });
    expect(await attach(app, { source: { address: "amq.topic/news" } }, "receiver")).toMatchObject({
      condition: "amqp:unauthorized-access",
    });
  });

  it("[access rules] creating a node on attach needs manage; nothing is created when refused", async () => {
    const app = await connectAs("app", "app-secret");
    expect(await attach(app, { target: { address: "new.queue" } }, "sender")).toMatchObject({
      condition: "amqp:unauthorized-access",
      description: 'user "app" may not manage on queue "new.queue" (access rules)',
    });
    expect(fixture.broker.queueNames()).not.toContain("new.queue");
    const admin = await connectAs("admin", "admin-secret");
    expect(await attach(admin, { target: { address: "new.queue" } }, "sender")).toEqual({ open: true });
    expect(fixture.broker.queueNames()).toContain("new.queue");
  });

  it("[access rules] the anonymous relay checks each message's destination", async () => {
    const app = await connectAs("app", "app-secret");
    const relay = app.open_sender({ target: {} });
    await nextEvent(relay, "sendable");
    const rejected = nextEvent(relay, "rejected");
    relay.send({ to: "audit", body: "no" });
    const error = (
      (await rejected).delivery as unknown as { remote_state?: { error?: { condition?: string } } }
    ).remote_state?.error;
    expect(error?.condition).toBe("amqp:unauthorized-access");
    const accepted = nextEvent(relay, "accepted");
    relay.send({ to: "orders", body: "yes" });
    await accepted;
    expect(fixture.broker.queueStats("orders")?.depth).toBe(1);
  });

  it("[AMQP 3.5.3] a temporary queue is its creator's: no access rule is needed to consume from it", async () => {
    const app = await connectAs("app", "app-secret");
    const receiver = app.open_receiver({
      source: { address: "", dynamic: true, capabilities: ["temporary-queue"] },
    });
    await nextEvent(receiver, "receiver_open");
    expect((receiver.source as { address?: string }).address).toMatch(/^TempQueue-/);
    expect((receiver as unknown as { error?: unknown }).error).toBeUndefined();
  });
});
