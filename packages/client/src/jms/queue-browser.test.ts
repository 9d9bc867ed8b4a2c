import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connectMock, type MockProvider } from "../../test/support/mock-provider";
import {
  IllegalStateException,
  InvalidDestinationException,
  InvalidSelectorException,
} from "../errors/exceptions";
import { TextMessage } from "../message/text-message";
import type { Connection } from "./connection";
import { Topic, type Queue } from "./destinations";

let provider: MockProvider;
let connection: Connection;

beforeEach(async () => {
  ({ provider, connection } = await connectMock());
});

afterEach(async () => {
  await connection.close();
});

function texts(messages: unknown[]): (string | null)[] {
  return messages.map((m) => (m as TextMessage).getText());
}

describe("[JMS 2.0 QueueBrowser] browsing", () => {
  it("attaches a browse consumer and enumerates what is buffered, then what a drain brings, then ends", async () => {
    const session = await connection.createSession();
    const queue = session.createQueue("stock");
    const browser = await session.createBrowser(queue);
    expect(provider.consumersCreated).toEqual([
      { id: browser.id, sessionId: session.id, destination: queue, prefetch: 1000, browse: true },
    ]);
    provider.deliverText(browser.id, "a");
    provider.onDrain = (id) => {
      // The broker's last copies arrive before its answer to the drain.
      if (provider.drains.length === 1) provider.deliverText(id, "b");
    };
    const seen = [];
    for await (const message of browser) seen.push(message);
    expect(texts(seen)).toEqual(["a", "b"]);
    expect(seen[0]).toBeInstanceOf(TextMessage);
    expect(provider.drains).toEqual([browser.id, browser.id]);
    // Copies are never acknowledged.
    expect(provider.acks).toEqual([]);
  });

  it("does not wait for connection.start(): a browser reads a stopped connection", async () => {
    const session = await connection.createSession();
    const browser = await session.createBrowser(session.createQueue("stock"));
    provider.deliverText(browser.id, "x");
    const enumeration = browser.getEnumeration();
    expect(await enumeration.hasMoreElements()).toBe(true);
    expect(((await enumeration.nextElement()) as TextMessage).getText()).toBe("x");
    expect(await enumeration.hasMoreElements()).toBe(false);
    await expect(enumeration.nextElement()).rejects.toBeInstanceOf(IllegalStateException);
  });

  it("getQueue, getMessageSelector and close; a closed browser refuses to browse and its link is gone", async () => {
    const session = await connection.createSession();
    const queue = session.createQueue("stock");
    const browser = await session.createBrowser(queue, null);
    expect(browser.getQueue()).toBe(queue);
    expect(browser.getMessageSelector()).toBeNull();
    await browser.close();
    await browser.close();
    expect(provider.consumersDestroyed).toEqual([browser.id]);
    await expect(browser.hasMoreElements()).rejects.toBeInstanceOf(IllegalStateException);
  });

  it("closing the session closes its browsers", async () => {
    const session = await connection.createSession();
    const browser = await session.createBrowser(session.createQueue("stock"));
    await session.close();
    expect(provider.consumersDestroyed).toContain(browser.id);
  });

  it("refuses topics and invalid selectors", async () => {
    const session = await connection.createSession();
    await expect(session.createBrowser(new Topic("t") as unknown as Queue)).rejects.toBeInstanceOf(
      InvalidDestinationException,
    );
    await expect(session.createBrowser(session.createQueue("q"), "a = = 1")).rejects.toBeInstanceOf(
      InvalidSelectorException,
    );
    expect(provider.consumersCreated).toEqual([]);
  });

  it("[JMS 2.0 3.8] passes a valid selector to the provider and reports it", async () => {
    const session = await connection.createSession();
    const browser = await session.createBrowser(session.createQueue("q"), "a = 1");
    expect(browser.getMessageSelector()).toBe("a = 1");
    expect(provider.consumersCreated.map((c) => [c.browse, c.selector])).toEqual([[true, "a = 1"]]);
  });
});
