// Connection caps [AMQP 2.7.1 channel-max, handle-max]: past a limit only the new connection, session or
// link is refused, with amqp:resource-limit-exceeded; everything already open keeps working.
import { afterEach, describe, expect, it } from "vitest";
import rhea from "rhea";
import { attachRefusal, BrokerFixture, nextEvent, remoteError, textMessage } from "./rhea-client";

const fixture = new BrokerFixture();
afterEach(() => fixture.stop());

describe("limits", () => {
  it("[AMQP 2.8.15] maxConnections: one more connection is closed with amqp:resource-limit-exceeded", async () => {
    await fixture.start({ config: { limits: { maxConnections: 2 } } });
    const first = await fixture.client();
    await fixture.client();
    const container = rhea.create_container();
    container.on("error", () => undefined);
    const third = container.connect({ host: "127.0.0.1", port: fixture.broker.port, reconnect: false });
    third.on("connection_error", () => undefined);
    await nextEvent(third, "connection_close");
    expect(remoteError(third)).toMatchObject({
      condition: "amqp:resource-limit-exceeded",
      description: "the broker serves at most 2 connections (maxConnections)",
    });
    expect(fixture.broker.connectionCount).toBe(2);
    const sender = await first.openSender("limits.alive");
    expect(await sender.send(textMessage("still served"))).toBe("accepted");
  });

  it("[AMQP 2.7.1] maxSessionsPerConnection: the extra session is ended, the connection stays", async () => {
    await fixture.start({ config: { limits: { maxSessionsPerConnection: 2 } } });
    const client = await fixture.client();
    const sender = await client.openSender("limits.sessions"); // rhea's default session: one
    const extra = client.connection.create_session();
    extra.begin();
    await nextEvent(extra, "session_open");
    const third = client.connection.create_session();
    const ended = nextEvent(third, "session_close");
    third.begin();
    await ended;
    expect(remoteError(third)?.condition).toBe("amqp:resource-limit-exceeded");
    expect(await sender.send(textMessage("s"))).toBe("accepted");
    expect(fixture.broker.connections()[0]).toMatchObject({ sessions: 2 });
  });

  it("[AMQP 2.7.1] maxLinksPerConnection: the extra attach is refused; closing a link frees its place", async () => {
    await fixture.start({ config: { limits: { maxLinksPerConnection: 2 } } });
    const client = await fixture.client();
    const a = await client.openSender("limits.links");
    await client.openReceiver("limits.links");
    const refusal = await attachRefusal(client.openSender("limits.links"));
    expect(refusal.condition).toBe("amqp:resource-limit-exceeded");
    expect(refusal.description).toMatch(/at most 2 links per connection/);
    a.link.close();
    await client.roundTrip();
    const again = await client.openSender("limits.links");
    expect(await again.send(textMessage("l"))).toBe("accepted");
  });

  it("reports each connection's container-id, sessions, links and messages", async () => {
    await fixture.start();
    const client = await fixture.client();
    const sender = await client.openSender("limits.stats");
    await sender.sendAll([textMessage("1"), textMessage("2")]);
    const receiver = await client.openReceiver("limits.stats");
    receiver.link.add_credit(5);
    await receiver.count(2);
    expect(fixture.broker.connections()).toEqual([
      expect.objectContaining({
        containerId: (client.connection as unknown as { local: { open: { container_id: string } } }).local
          .open.container_id,
        user: undefined,
        sessions: 1,
        links: 2,
        messagesIn: 2,
        messagesOut: 2,
        remoteAddress: expect.stringMatching(/^127\.0\.0\.1:\d+$/) as unknown,
      }),
    ]);
  });

  it("[AMQP 2.4.5] idleTimeoutMs: a peer that sends nothing for twice the advertised time-out is closed", async () => {
    await fixture.start({ config: { limits: { idleTimeoutMs: 200 } } });
    const silent = await fixture.client();
    const remoteOpen = (silent.connection as unknown as { remote: { open: { idle_time_out?: number } } })
      .remote.open;
    expect(remoteOpen.idle_time_out).toBe(200);
    // Make this client a silent one: rhea would otherwise send a heartbeat every 100 ms.
    const internals = silent.connection as unknown as { heartbeat_out?: NodeJS.Timeout };
    delete remoteOpen.idle_time_out;
    clearTimeout(internals.heartbeat_out);
    const talking = await fixture.client();
    await nextEvent(silent.connection, "connection_close", 2_000);
    expect(remoteError(silent.connection)?.condition).toBe("amqp:resource-limit-exceeded");
    await talking.roundTrip();
    expect(talking.connection.is_open()).toBe(true);
  });
});
