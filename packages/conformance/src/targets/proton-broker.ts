import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import type { Capability } from "../harness/capability";
import type { Log, RunningTarget, Target } from "../harness/target";
import { LOOPBACK, ensurePortFree, freePort, portAccepts, portFromEnv } from "./process/ports";
import { spawnGroup } from "./process/process-group";
import { lastUsefulLine, waitUntilReady } from "./process/ready";

const INSTALL_HINT = "run packages/conformance/scripts/install-rabbitmq-proton.sh";
const PACKAGE = "libqpid-proton11-dev-examples";
/** Where Debian bookworm's package puts it; `dpkg -L` is asked when it is elsewhere. */
const DEFAULT_BROKER_PY = "/usr/share/proton/examples/python/broker.py";
const PYTHON = "/usr/bin/python3";
const READY_TIMEOUT_MS = 60_000;
/** Pins the broker's port; a free port is chosen when unset. */
const PORT_ENV = "JMS_TS_PROTON_PORT";

const capabilities: Capability[] = ["queues", "proton-interop", "qpid-jms-interop"];

/**
 * Qpid Proton's Python example broker (`broker.py` from Debian's libqpid-proton11-dev-examples): in-memory
 * queues created on first use, SASL ANONYMOUS only. A wire-level peer, not a JMS-semantics broker.
 */
export const protonBrokerTarget: Target = {
  id: "proton (native)",
  name: "proton",
  via: "native",
  capabilities: new Set(capabilities),
  limitations: new Map<Capability, string>([
    ["drain", "broker.py never answers a flow with drain set"],
    ["browsing", "a QueueBrowser never ends on broker.py: the drain that marks its end is never answered"],
    [
      "redelivery",
      "broker.py removes a message from its queue when it sends it: one unacknowledged when the consumer leaves is lost, not redelivered",
    ],
    ["topics", "broker.py has queues only: every address is one in-memory FIFO queue"],
    ["selectors", "broker.py ignores filters (the selector is neither echoed nor applied)"],
    ["transactions", "broker.py has no transaction coordinator"],
    ["durable-subscriptions", "broker.py has no subscriptions (queues only, in memory)"],
    ["shared-subscriptions", "broker.py has no subscriptions (queues only, in memory)"],
    [
      "temporary-destinations",
      "broker.py creates dynamic sources only (not dynamic targets); not claimed until a case covers it",
    ],
    [
      "anonymous-relay",
      "broker.py routes a null-target link by each message's `to` but does not advertise ANONYMOUS-RELAY",
    ],
    ["delayed-delivery", "broker.py delivers at once (no delivery time)"],
    ["priority", "broker.py delivers in arrival order (no priority)"],
    ["message-groups", "broker.py has no message groups"],
    ["exchanges", "broker.py has no exchanges or bindings (queues only)"],
    ["restart", "broker.py keeps everything in memory: a restart loses every queue and message"],
    ["restart-redelivery", "broker.py keeps everything in memory: a restart loses every queue and message"],
    [
      "restart-redelivery-in-flight",
      "broker.py keeps everything in memory: a restart loses every queue and message",
    ],
  ]),
  queueName: (name) => name,
  topicName: (name) => name,
  start: startProtonBroker,
};

/** broker.py's path from the installed package, or a one-line reason it is not there. */
function findBrokerPy(): Promise<string> {
  if (existsSync(DEFAULT_BROKER_PY)) return Promise.resolve(DEFAULT_BROKER_PY);
  return new Promise((resolve, reject) =>
    execFile("dpkg", ["-L", PACKAGE], { timeout: 10_000 }, (error, stdout) => {
      const path = error
        ? undefined
        : stdout.split("\n").find((l) => l.endsWith("/examples/python/broker.py"));
      if (path && existsSync(path)) resolve(path);
      else reject(new Error(`the Qpid Proton example broker (${PACKAGE}) is not installed: ${INSTALL_HINT}`));
    }),
  );
}

async function startProtonBroker(log: Log): Promise<RunningTarget> {
  const brokerPy = await findBrokerPy();
  if (!existsSync(PYTHON)) throw new Error(`${PYTHON} is not installed: ${INSTALL_HINT}`);
  const pinned = portFromEnv(PORT_ENV);
  if (pinned !== undefined) await ensurePortFree(pinned, LOOPBACK);
  const port = pinned ?? (await freePort(LOOPBACK));
  log(`  proton: ${PYTHON} ${brokerPy} -a ${LOOPBACK}:${port}`);

  const started = Date.now();
  const broker = spawnGroup(PYTHON, ["-u", brokerPy, "-a", `${LOOPBACK}:${port}`], {
    env: { ...process.env, PYTHONUNBUFFERED: "1" },
  });
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= broker.kill(3_000));
  try {
    await waitUntilReady({
      name: "broker.py",
      group: broker,
      timeoutMs: READY_TIMEOUT_MS,
      intervalMs: 50,
      ready: () => portAccepts(port),
      explain: () => {
        const line = lastUsefulLine(broker);
        return /No module named '?proton/.test(line)
          ? `${line} (python3-qpid-proton: ${INSTALL_HINT})`
          : line;
      },
    });
  } catch (error) {
    await stop();
    throw error;
  }
  log(`  proton: ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { url: `amqp://${LOOPBACK}:${port}`, stop };
}
