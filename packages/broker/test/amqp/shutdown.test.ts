// broker.close(): every client is told why its connection ends [AMQP 2.8.16], and closing twice is safe.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BrokerFixture, nextEvent, remoteError, TestClient, within } from "./rhea-client";

const fixture = new BrokerFixture();
beforeEach(() => fixture.start());
afterEach(() => fixture.stop());

describe("shutdown", () => {
  it("[AMQP 2.8.16] close() closes every client connection with amqp:connection:forced", async () => {
    const clients = [await fixture.client(), await fixture.client()];
    await clients[0]?.openReceiver("shutdown.q");
    expect(fixture.broker.connectionCount).toBe(2);
    const closes = clients.map((client) => nextEvent(client.connection, "connection_close"));
    const drops = clients.map((client) => nextEvent(client.connection, "disconnected"));

    await fixture.broker.close();
    for (const context of await Promise.all(closes)) {
      expect(remoteError(context.connection)?.condition).toBe("amqp:connection:forced");
    }
    await Promise.all(drops);
    expect(fixture.broker.connectionCount).toBe(0);
    for (const client of clients) expect(client.errors).toContain("connection_error");
  });

  it("close() is idempotent: concurrent and repeated calls all resolve", async () => {
    const client = await fixture.client();
    const closed = nextEvent(client.connection, "connection_close");
    const first = fixture.broker.close();
    const second = fixture.broker.close();
    expect(second).toBe(first);
    await within(Promise.all([first, second]), "both close() calls");
    await within(fixture.broker.close(), "a third close()");
    await closed;
    expect(fixture.broker.connectionCount).toBe(0);
  });

  it("close() stops listening: a new connection is refused", async () => {
    const port = fixture.broker.port;
    await fixture.broker.close();
    const failure = await TestClient.connect(port).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect((failure as NodeJS.ErrnoException | undefined)?.code).toBe("ECONNREFUSED");
  });

  it("close() with no clients resolves", async () => {
    await within(fixture.broker.close(), "close() of an idle broker");
    expect(fixture.broker.connectionCount).toBe(0);
  });
});
