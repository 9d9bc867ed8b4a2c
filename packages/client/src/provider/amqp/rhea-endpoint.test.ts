import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { ProviderError } from "../provider-error";
import { awaitRemoteClose, awaitRemoteOpen, setEndpointTimeouts } from "./rhea-endpoint";

/** A link-like emitter on a connection with the given waits: the peer never answers unless told to. */
function silentLink(timeouts: { requestTimeoutMs: number; closeTimeoutMs: number }) {
  const connection = {};
  setEndpointTimeouts(connection, timeouts);
  return Object.assign(new EventEmitter(), { connection });
}

describe("endpoint waits (jms.requestTimeout, jms.closeTimeout)", () => {
  it("an attach the broker never answers fails after jms.requestTimeout, naming the wait", async () => {
    const link = silentLink({ requestTimeoutMs: 30, closeTimeoutMs: 0 });
    const error = await awaitRemoteOpen(link, "sender", "producer for queue://q", "invalid-destination").then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).kind).toBe("timed-out");
    expect((error as Error).message).toBe(
      "producer for queue://q: the broker did not answer within 30 ms (jms.requestTimeout)",
    );
    expect(link.listenerCount("sender_open")).toBe(0);
  });

  it("without a request timeout the attach waits for the answer", async () => {
    const link = silentLink({ requestTimeoutMs: 0, closeTimeoutMs: 0 });
    const opened = awaitRemoteOpen(link, "receiver", "consumer", "invalid-destination");
    setTimeout(() => link.emit("receiver_open", {}), 40);
    await expect(opened).resolves.toBeUndefined();
  });

  it("a close the broker never confirms gives up after jms.closeTimeout", async () => {
    const link = silentLink({ requestTimeoutMs: 0, closeTimeoutMs: 30 });
    const started = Date.now();
    await awaitRemoteClose(link, "sender");
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    expect(link.listenerCount("sender_close")).toBe(0);
  });
});
