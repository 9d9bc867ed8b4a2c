import { createBroker } from "@jms-ts/broker";
import type { Capability } from "../harness/capability";
import type { Target } from "../harness/target";

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
];

/** The bundled broker, started in this process on a free port. */
export const bundledTarget: Target = {
  id: "bundled",
  name: "bundled",
  via: "in-process",
  capabilities: new Set(capabilities),
  limitations: new Map<Capability, string>([
    ["selectors", "selectors arrive with issue 6"],
    ["transactions", "transactions arrive with issue 6"],
    ["durable-subscriptions", "subscriptions arrive with issue 6"],
    ["shared-subscriptions", "subscriptions arrive with issue 6"],
    ["delayed-delivery", "delayed delivery arrives with issue 5"],
    ["priority", "priority ordering arrives with issue 5"],
    ["message-groups", "message groups arrive with issue 5"],
  ]),
  queueName: (name) => name,
  topicName: (name) => name,
  async start() {
    const broker = await createBroker({ port: 0 });
    return { url: broker.url, stop: () => broker.close() };
  },
};
