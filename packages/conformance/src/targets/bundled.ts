import { createBroker, loadBrokerConfig } from "@jms-ts/broker";
import type { Capability } from "../harness/capability";
import type { Target } from "../harness/target";
import { fromPackage } from "../package-root";

/**
 * The topology of the `routing.*` cases (`brokers/bundled/routing-topology.json`), the same exchanges, queues
 * and bindings as Qpid Broker-J's initial config declares.
 */
export function bundledRoutingTopology(): string {
  return fromPackage("brokers", "bundled", "routing-topology.json");
}

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
];

/** The bundled broker, started in this process on a free port. */
export const bundledTarget: Target = {
  id: "bundled",
  name: "bundled",
  via: "in-process",
  capabilities: new Set(capabilities),
  limitations: new Map<Capability, string>(),
  queueName: (name) => name,
  topicName: (name) => name,
  async start() {
    const broker = await createBroker({ port: 0, config: loadBrokerConfig(bundledRoutingTopology()) });
    return { url: broker.url, stop: () => broker.close() };
  },
};
