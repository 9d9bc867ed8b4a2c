import { isCapability, type Capability } from "../harness/capability";
import type { Target } from "../harness/target";

/**
 * Any broker given by environment variables (Qpid C++, RabbitMQ 4, a cloud broker); the harness neither
 * starts nor stops it.
 *   JMS_TS_EXTERNAL_URL           amqp://host:port (when unset, every case on it is skipped with that reason)
 *   JMS_TS_EXTERNAL_CAPABILITIES  comma-separated capability names (default: queues)
 *   JMS_TS_EXTERNAL_USER / _PASSWORD, JMS_TS_EXTERNAL_QUEUE_PREFIX
 */
export function externalTarget(env: NodeJS.ProcessEnv = process.env): Target {
  const url = env["JMS_TS_EXTERNAL_URL"];
  const names = (env["JMS_TS_EXTERNAL_CAPABILITIES"] ?? "queues")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !isCapability(name));
  if (unknown.length)
    throw new Error(`JMS_TS_EXTERNAL_CAPABILITIES: unknown capabilities ${unknown.join(", ")}`);
  const prefix = env["JMS_TS_EXTERNAL_QUEUE_PREFIX"] ?? "";
  const username = env["JMS_TS_EXTERNAL_USER"];
  const password = env["JMS_TS_EXTERNAL_PASSWORD"];
  return {
    id: "external",
    name: "external",
    via: "external",
    ...(url
      ? {}
      : { unavailable: "no external broker: set JMS_TS_EXTERNAL_URL (and JMS_TS_EXTERNAL_CAPABILITIES)" }),
    capabilities: new Set(names as Capability[]),
    limitations: new Map(),
    queueName: (name) => prefix + name,
    topicName: (name) => name,
    start: () =>
      Promise.resolve({
        url: url ?? "",
        ...(username === undefined ? {} : { username }),
        ...(password === undefined ? {} : { password }),
        stop: () => Promise.resolve(),
      }),
  };
}
