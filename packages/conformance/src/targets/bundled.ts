import { createBroker, loadBrokerConfig, type Broker } from "@jms-ts/broker";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Capability } from "../harness/capability";
import type { RunningTarget, Target } from "../harness/target";
import { bundledRoutingTopology } from "./bundled-topology";

const capabilities: Capability[] = [
  "queues",
  "topics",
  "temporary-destinations",
  "anonymous-relay",
  "redelivery",
  "drain",
  "browsing",
  "qpid-jms-interop",
  "proton-interop",
  "exchanges",
  "delayed-delivery",
  "priority",
  "message-groups",
  "selectors",
  "transactions",
  "durable-subscriptions",
  "shared-subscriptions",
  "selector-unknown-equality",
  "restart",
  "restart-redelivery",
  "restart-redelivery-in-flight",
];

/**
 * The bundled broker, started in this process on a free port with a fresh data directory; a restart closes
 * it and starts another on the same port and directory, and stopping removes the directory.
 */
export const bundledTarget: Target = {
  id: "bundled",
  name: "bundled",
  via: "in-process",
  capabilities: new Set(capabilities),
  limitations: new Map<Capability, string>(),
  queueName: (name) => name,
  topicName: (name) => name,
  start: startBundled,
};

async function startBundled(): Promise<RunningTarget> {
  const config = loadBrokerConfig(bundledRoutingTopology());
  const dataDir = await mkdtemp(join(tmpdir(), "jms-ts-bundled-"));
  let broker: Broker;
  try {
    broker = await createBroker({ port: 0, dataDir, config });
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const port = broker.port;
  let stopping: Promise<void> | undefined;
  return {
    get url() {
      return broker.url;
    },
    async restart(log) {
      await broker.close();
      log(`bundled: closed; starting again on port ${port} with ${dataDir}`);
      broker = await createBroker({ port, dataDir, config });
    },
    stop: () =>
      (stopping ??= (async () => {
        await broker.close().catch(() => undefined);
        await rm(dataDir, { recursive: true, force: true }).catch(() => undefined);
      })()),
  };
}
