import { type Broker, createBroker } from "@jms-ts/broker";
import type { Connection } from "@jms-ts/client";
import { afterEach, beforeEach } from "vitest";

/** The broker of the running test and the connections to close after it. */
export interface BundledBrokerFixture {
  readonly broker: Broker;
  /** Connections the test opened: closed after it, before the broker. */
  readonly connections: Connection[];
}

/**
 * Starts a bundled broker in process on port 0 before each test of the file and stops it after, closing
 * the test's connections first (CONVENTIONS rule 19).
 */
export function bundledBrokerPerTest(): BundledBrokerFixture {
  let broker: Broker | undefined;
  const connections: Connection[] = [];
  beforeEach(async () => {
    broker = await createBroker({ port: 0 });
  });
  afterEach(async () => {
    await Promise.allSettled(connections.splice(0).map((c) => c.close()));
    await broker?.close();
    broker = undefined;
  });
  return {
    get broker(): Broker {
      if (!broker) throw new Error("the bundled broker runs only inside a test");
      return broker;
    },
    connections,
  };
}
