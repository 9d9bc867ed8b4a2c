import { describe, expect, it } from "vitest";
import { MockProvider, MOCK_URI } from "../../test/support/mock-provider";
import { IllegalStateException, InvalidClientIDException } from "../errors/exceptions";
import { JmsConnectionFactory } from "./connection-factory";

/** A factory whose every connect gets a fresh MockProvider, remembered in order. */
function factoryOf(uri = MOCK_URI): { factory: JmsConnectionFactory; providers: MockProvider[] } {
  const providers: MockProvider[] = [];
  const factory = new JmsConnectionFactory(uri, () => {
    const provider = new MockProvider();
    providers.push(provider);
    return provider;
  });
  return { factory, providers };
}

describe("[JMS 2.0 6.1.2] Connection.setClientID", () => {
  it("reopens the provider under the new ClientID and closes the first one", async () => {
    const { factory, providers } = factoryOf();
    const connection = await factory.createConnection("u", "p");
    await connection.setClientID("orders-service");
    expect(connection.getClientID()).toBe("orders-service");
    expect(providers).toHaveLength(2);
    expect(providers[1]?.connectInfo).toEqual({ clientId: "orders-service", username: "u", password: "p" });
    expect(providers[0]?.closeCount).toBe(1);
    const session = await connection.createSession();
    expect(providers[1]?.sessionsCreated).toEqual([session.id]);
    await connection.close();
  });

  it("is refused once set, after first use, or when jms.clientID fixed it", async () => {
    const { factory } = factoryOf();
    const once = await factory.createConnection();
    await once.setClientID("a");
    await expect(once.setClientID("b")).rejects.toBeInstanceOf(IllegalStateException);
    const used = await factory.createConnection();
    await used.start();
    await expect(used.setClientID("b")).rejects.toThrow(/only before anything else/);
    const fixed = await factoryOf(`${MOCK_URI}?jms.clientID=x`).factory.createConnection();
    await expect(fixed.setClientID("b")).rejects.toThrow(/fixed by jms.clientID/);
    await Promise.all([once.close(), used.close(), fixed.close()]);
  });

  it("rejects an empty ClientID, and keeps the connection when the broker refuses the new one", async () => {
    const refusing = new MockProvider();
    refusing.failNext("connect", "invalid-client-id");
    const providers = [new MockProvider(), refusing];
    const factory = new JmsConnectionFactory(MOCK_URI, () => providers.shift() ?? new MockProvider());
    const connection = await factory.createConnection();
    const original = connection.getClientID();
    await expect(connection.setClientID("")).rejects.toBeInstanceOf(InvalidClientIDException);
    await expect(connection.setClientID("taken")).rejects.toBeInstanceOf(InvalidClientIDException);
    expect(connection.getClientID()).toBe(original);
    await connection.setClientID("free");
    expect(connection.getClientID()).toBe("free");
    await connection.close();
  });
});
