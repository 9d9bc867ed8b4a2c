import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Capability } from "../harness/capability";
import type { Log, RunningTarget, Target } from "../harness/target";
import { LOOPBACK, ensurePortFree, freePorts, portAccepts, portFromEnv } from "./process/ports";
import { atEmergencyExit } from "./process/kill-on-exit";
import { spawnGroup, type ProcessGroup } from "./process/process-group";
import { describeExit, lastUsefulLine, waitUntilReady } from "./process/ready";
import { runCommand } from "./process/run-command";
import { settlesWithin } from "./process/time";

const INSTALL_HINT = "run packages/conformance/scripts/install-rabbitmq-proton.sh";
/** Debian's /usr/sbin scripts re-run themselves as the `rabbitmq` user; the real scripts are here. */
const BIN = "/usr/lib/rabbitmq/bin";
const RABBITMQ_SERVER = join(BIN, "rabbitmq-server");
const RABBITMQCTL = join(BIN, "rabbitmqctl");
const PLUGINS = "/usr/lib/rabbitmq/lib";
const EPMD = "/usr/bin/epmd";
const READY_TIMEOUT_MS = 60_000;
/** Pins the AMQP port (0-9-1 and 1.0 share it); a free port is chosen when unset. */
const PORT_ENV = "JMS_TS_RABBITMQ_PORT";

const capabilities: Capability[] = ["queues", "proton-interop", "qpid-jms-interop"];

/**
 * RabbitMQ 3.10 (Debian's `rabbitmq-server`) with the `rabbitmq_amqp1_0` plugin: a private node per run,
 * with its own epmd, ports, cookie and data directory under a temp dir; the system service is not used.
 */
export const rabbitmqTarget: Target = {
  id: "rabbitmq (native)",
  name: "rabbitmq",
  via: "native",
  capabilities: new Set(capabilities),
  limitations: new Map<Capability, string>([
    [
      "drain",
      "on RabbitMQ 3.10 a prefetch-0 drain on a queue holding a message comes back without the message",
    ],
    [
      "browsing",
      "on RabbitMQ 3.10 a QueueBrowser never ends: the copy-mode source's closing drain does not come back empty",
    ],
    [
      "redelivery",
      "RabbitMQ 3.10 marks a redelivery only with first-acquirer=false and never sets header delivery-count (what JMSRedelivered reads, as in Qpid JMS), and ends the session with amqp:invalid-field when a consumer settles with the modified outcome",
    ],
    ["topics", "topics go through /topic/ and /exchange/ addresses, not yet covered by a topic mapping here"],
    ["selectors", "RabbitMQ 3.10 echoes the selector filter in the attach reply but does not apply it"],
    ["transactions", "the RabbitMQ 3.10 AMQP 1.0 plugin has no transaction coordinator"],
    [
      "durable-subscriptions",
      "RabbitMQ 3.10 has no AMQP 1.0 subscription model (only queues declared and bound by hand)",
    ],
    ["shared-subscriptions", "RabbitMQ 3.10 has no shared subscriptions over AMQP 1.0"],
    [
      "temporary-destinations",
      "RabbitMQ 3.10 ends the whole session with amqp:not-implemented (Dynamic sources not supported)",
    ],
    [
      "anonymous-relay",
      "RabbitMQ 3.10 rejects a null-target attach (amqp:invalid-field address_not_utf8_string)",
    ],
    ["delayed-delivery", "RabbitMQ 3.10 has no delayed delivery over AMQP 1.0 (the plugin is 0-9-1 only)"],
    [
      "priority",
      "priority needs a queue declared with x-max-priority, which an AMQP 1.0 attach cannot ask for",
    ],
    ["message-groups", "RabbitMQ has no message groups (single-active-consumer instead)"],
    [
      "exchanges",
      "RabbitMQ 3.x addresses exchanges as /exchange/X/key (v1 addresses), not Broker-J's X and X/key",
    ],
    [
      "restart",
      "not wired up: restarting the private node (rabbitmqctl stop, then the same node name, ports and mnesia directory) is not implemented in this target",
    ],
    ["restart-redelivery", "not wired up: this target cannot restart its node (see restart)"],
    ["restart-redelivery-in-flight", "not wired up: this target cannot restart its node (see restart)"],
  ]),
  /** `/queue/NAME`: the plugin declares the queue on attach, for senders and receivers alike. */
  queueName: (name) => `/queue/${name}`,
  topicName: (name) => `/topic/${name}`,
  start: startRabbitmq,
};

/** Where the RabbitMQ 3.10 AMQP 1.0 plugin is, or a one-line reason it cannot run. */
function checkInstalled(): void {
  if (!existsSync(RABBITMQ_SERVER) || !existsSync(RABBITMQCTL))
    throw new Error(`rabbitmq-server is not installed: ${INSTALL_HINT}`);
  if (!existsSync(EPMD)) throw new Error(`epmd (erlang-base) is not installed: ${INSTALL_HINT}`);
  const server = readdirSync(PLUGINS).find((d) => d.startsWith("rabbitmq_server-"));
  const plugins = server ? readdirSync(join(PLUGINS, server, "plugins")) : [];
  if (!plugins.some((p) => p.startsWith("rabbitmq_amqp1_0-")))
    throw new Error(`the rabbitmq_amqp1_0 plugin is missing from ${PLUGINS}: ${INSTALL_HINT}`);
}

/** The parent's environment without RabbitMQ or epmd settings, which would leak into the private node. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env))
    if (!key.startsWith("RABBITMQ_") && !key.startsWith("ERL_") && key !== "CONF_ENV_FILE") env[key] = value;
  return env;
}

/** Log lines that say why a boot failed, rather than the crash-dump chatter after them. */
function usefulLine(line: string): boolean {
  return !/crash dump|^\s*$|^=+$|erl_crash\.dump|^\s*\*/i.test(line);
}

async function startRabbitmq(log: Log): Promise<RunningTarget> {
  checkInstalled();
  const pinned = portFromEnv(PORT_ENV);
  if (pinned !== undefined) await ensurePortFree(pinned, LOOPBACK);
  const [chosen, distPort, epmdPort] = await freePorts(3, LOOPBACK);
  const amqpPort = pinned ?? chosen;
  if (amqpPort === undefined || distPort === undefined || epmdPort === undefined)
    throw new Error("could not find free ports on loopback");
  const node = `jms-ts-${randomBytes(4).toString("hex")}@localhost`;
  const dir = await mkdtemp(join(tmpdir(), "jms-ts-rabbitmq-"));

  await writeFile(join(dir, "enabled_plugins"), "[rabbitmq_amqp1_0].\n");
  await writeFile(
    join(dir, "rabbitmq.conf"),
    [
      `listeners.tcp.default = ${LOOPBACK}:${amqpPort}`,
      // guest/guest works over loopback only, which is all this node listens on.
      "loopback_users.guest = true",
      "disk_free_limit.absolute = 1MB",
      "",
    ].join("\n"),
  );
  await writeFile(join(dir, "rabbitmq-env.conf"), "");
  const env: NodeJS.ProcessEnv = {
    ...cleanEnv(),
    // The Erlang cookie lives in $HOME: a private one, shared with this node's rabbitmqctl only.
    HOME: dir,
    ERL_EPMD_PORT: String(epmdPort),
    ERL_CRASH_DUMP_SECONDS: "0",
    RABBITMQ_NODENAME: node,
    RABBITMQ_NODE_IP_ADDRESS: LOOPBACK,
    RABBITMQ_NODE_PORT: String(amqpPort),
    RABBITMQ_DIST_PORT: String(distPort),
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: "-kernel inet_dist_use_interface {127,0,0,1}",
    RABBITMQ_CONF_ENV_FILE: join(dir, "rabbitmq-env.conf"),
    RABBITMQ_CONFIG_FILE: join(dir, "rabbitmq.conf"),
    RABBITMQ_ADVANCED_CONFIG_FILE: join(dir, "advanced.config"),
    RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, "enabled_plugins"),
    RABBITMQ_MNESIA_BASE: join(dir, "mnesia"),
    RABBITMQ_LOG_BASE: join(dir, "log"),
    RABBITMQ_LOGS: "-",
  };
  log(`  rabbitmq: node ${node}, AMQP port ${amqpPort}, distribution ${distPort}, epmd ${epmdPort}, ${dir}`);

  let epmd: ProcessGroup | undefined;
  let server: ProcessGroup | undefined;
  let stopping: Promise<void> | undefined;
  const forgetDir = atEmergencyExit(() => rmSync(dir, { recursive: true, force: true }));
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      try {
        if (server && !server.exitStatus) {
          const result = await runCommand(RABBITMQCTL, ["-n", node, "stop"], {
            env,
            cwd: dir,
            timeoutMs: 20_000,
          });
          if (result.status.code !== 0)
            log(
              `  rabbitmq: rabbitmqctl stop ${result.timedOut ? "timed out" : describeExit(result.status)}`,
            );
          await settlesWithin(server.exited, 10_000);
        }
        await server?.kill();
        await epmd?.kill(1_000);
      } catch {
        // stop never rejects
      } finally {
        await rm(dir, { recursive: true, force: true }).catch(() => undefined);
        forgetDir();
      }
    })());

  try {
    // Its own epmd on a private port, in its own process group: the node registers there, and killing the
    // group leaves no daemon behind (a node starting epmd itself would daemonize it out of reach).
    epmd = spawnGroup(EPMD, ["-port", String(epmdPort), "-address", LOOPBACK], { env, cwd: dir });
    const epmdGroup = epmd;
    await waitUntilReady({
      name: "epmd",
      group: epmdGroup,
      timeoutMs: 10_000,
      intervalMs: 50,
      ready: () => portAccepts(epmdPort),
      explain: () => lastUsefulLine(epmdGroup),
    });

    const started = Date.now();
    server = spawnGroup(RABBITMQ_SERVER, [], { env, cwd: dir });
    const serverGroup = server;
    await waitUntilReady({
      name: "rabbitmq-server",
      group: serverGroup,
      timeoutMs: READY_TIMEOUT_MS,
      // Listeners open a moment before the plugins have started: wait for the boot to finish.
      readyLine: /Server startup complete/,
      ready: () => portAccepts(amqpPort),
      explain: () => {
        const last = lastUsefulLine(serverGroup, usefulLine);
        const noListener = serverGroup.lastLines().some((line) => line.includes("could_not_start_listener"));
        return noListener ? `could not listen on ${LOOPBACK}:${amqpPort} (port taken?); ${last}` : last;
      },
    });
    log(`  rabbitmq: ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `amqp://${LOOPBACK}:${amqpPort}`, username: "guest", password: "guest", stop };
}
