import { execFile } from "node:child_process";
import { copyFile } from "node:fs/promises";
import { join } from "node:path";
import type { Capability } from "../../harness/capability";
import type { Target } from "../../harness/target";
import { brokerConfigFile, brokerHome, type BrokerDistribution } from "./broker-install";
import { LOOPBACK, portFromEnv } from "../process/ports";
import type { FailureLine } from "../process/ready";
import {
  amqpPort,
  newWorkDir,
  requireJava,
  startNativeBroker,
  type NativeBrokerOptions,
} from "./native-broker";

/** `org.apache.activemq:apache-artemis:2.44.0:bin:tar.gz`; its entries sit under `apache-artemis-2.44.0/`. */
export const ARTEMIS: BrokerDistribution = {
  name: "artemis",
  version: "2.44.0",
  tarball: "apache-artemis-2.44.0-bin.tar.gz",
  stripComponents: 1,
  marker: "lib/artemis-server-2.44.0.jar",
  // The web console (we run with --no-web): 28 MB of bundled JavaScript that linters would trip over.
  exclude: ["apache-artemis-2.44.0/web"],
};

const LABEL = `${ARTEMIS.name} ${ARTEMIS.version}`;
const ID = "artemis (native)";

/**
 * `bin/artemis create <instance> ...` flags: no prompts, anonymous logins (the guest user is the admin user,
 * role `amq`), no web console, no protocol-specific acceptors, no disk speed test. The instance's
 * `etc/broker.xml` is then replaced by artemisBrokerXml().
 */
export const ARTEMIS_CREATE_FLAGS: readonly string[] = [
  "--silent",
  "--user",
  "admin",
  "--password",
  "admin",
  "--allow-anonymous",
  "--no-web",
  "--no-autotune",
  "--no-amqp-acceptor",
  "--no-mqtt-acceptor",
  "--no-stomp-acceptor",
  "--no-hornetq-acceptor",
  "--nio",
  "--java-memory",
  "1G",
];

/** The arguments of `<home>/bin/artemis` that create an instance in `instanceDir` (which must not exist). */
export function artemisCreateArgs(instanceDir: string): string[] {
  return ["create", instanceDir, ...ARTEMIS_CREATE_FLAGS];
}

/**
 * `packages/conformance/brokers/artemis/broker.xml`: one AMQP acceptor on ARTEMIS_AMQP_HOST:ARTEMIS_AMQP_PORT
 * (system property or environment variable; default 0.0.0.0:5672), persistent (journal in the instance's
 * data/ directory), auto-create on, bare addresses ANYCAST.
 */
export function artemisBrokerXml(): string {
  return brokerConfigFile(ARTEMIS.name, "broker.xml");
}

/**
 * Environment for `<instance>/bin/artemis run` that puts the AMQP acceptor on host:port and, with
 * `syncToDisk`, fsyncs the journal before a persistent message is accepted (`journal-datasync`).
 */
export function artemisRunEnv(port: number, host = "0.0.0.0", syncToDisk = false): Record<string, string> {
  return {
    ARTEMIS_AMQP_PORT: String(port),
    ARTEMIS_AMQP_HOST: host,
    ARTEMIS_JOURNAL_DATASYNC: String(syncToDisk),
  };
}

/** `AMQ221007: Server is now active` follows the acceptors' start. */
export const ARTEMIS_READY = /AMQ221007: Server is now (active|live)/;

export const ARTEMIS_FAILURES: readonly FailureLine[] = [
  {
    // `java.lang.IllegalStateException: AMQ229230: Failed to bind acceptor amqp to 127.0.0.1:5672`
    pattern: /AMQ229230: Failed to bind acceptor/,
    reason: (line) => `${LABEL} could not listen: ${line.replace(/^.*AMQ229230: /, "")}`,
  },
];

export const ARTEMIS_CAPABILITIES: ReadonlySet<Capability> = new Set<Capability>([
  "queues",
  "topics",
  "temporary-destinations",
  "anonymous-relay",
  "delayed-delivery",
  "redelivery",
  "drain",
  "browsing",
  "qpid-jms-interop",
  "proton-interop",
  // Selectors and no-local as source filters; transactions through the coordinator (one per session, which
  // is all a JMS session uses); durable subscriptions as queues `<container-id>:<link-name>` on the MULTICAST
  // address, auto-created with it; shared ones with the `shared` and `global` capabilities.
  "selectors",
  "transactions",
  "durable-subscriptions",
  "shared-subscriptions",
  "selector-unknown-equality",
  // broker.xml turns persistence on: the journal lives in the instance's data/ directory, which a restart keeps.
  "restart",
  // A delivery released when its consumer or connection closed has its raised count written to the journal.
  "restart-redelivery",
]);

const NOT_YET = "not yet exercised by the suite";

export const ARTEMIS_LIMITATIONS: ReadonlyMap<Capability, string> = new Map<Capability, string>([
  ["priority", NOT_YET],
  ["message-groups", NOT_YET],
  ["exchanges", "Artemis routes by addresses and queues with anycast/multicast routing types, not exchanges"],
  [
    "restart-redelivery-in-flight",
    "Artemis 2.44 (persist-delivery-count-before-delivery on) does not reliably keep the count of a delivery still out at a clean stop: on 2 busy cores it came back with JMSRedelivered false in 3 runs of 8",
  ],
]);

function createInstance(home: string, instanceDir: string): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile(
      join(home, "bin", "artemis"),
      artemisCreateArgs(instanceDir),
      { timeout: 60_000 },
      (error, stdout, stderr) => {
        if (!error) return resolve();
        const lines = `${stdout}\n${stderr}`.split("\n").map((l) => l.trim());
        const last = lines.filter(Boolean).pop() ?? error.message;
        reject(new Error(`${LABEL}: artemis create failed: ${last}`));
      },
    ),
  );
}

/**
 * Apache ActiveMQ Artemis 2.44.0 run on the machine's Java 17: a fresh instance per start, created with
 * `artemis create` in a temp dir, AMQP on a free loopback port (or JMS_TS_ARTEMIS_PORT), SASL ANONYMOUS; a
 * restart runs the same instance again.
 */
export function artemisNative(options: NativeBrokerOptions = {}): Target {
  return {
    id: ID,
    name: ARTEMIS.name,
    via: "native",
    capabilities: ARTEMIS_CAPABILITIES,
    limitations: ARTEMIS_LIMITATIONS,
    // The client's `queue` / `topic` link capability picks ANYCAST / MULTICAST: plain names for both.
    queueName: (name) => name,
    topicName: (name) => name,
    async start(log) {
      const say = (line: string) => log(`[${ID}] ${line}`);
      await requireJava(ARTEMIS.name);
      const home = await brokerHome(ARTEMIS, say);
      const port = await amqpPort(LABEL, options.port ?? portFromEnv("JMS_TS_ARTEMIS_PORT"));
      const work = await newWorkDir(ARTEMIS.name);
      const instance = join(work, "instance");
      await createInstance(home, instance);
      await copyFile(artemisBrokerXml(), join(instance, "etc", "broker.xml"));
      const logFile = join(work, "broker.log");
      say(`AMQP port ${port}, log ${logFile}`);
      return startNativeBroker({
        label: LABEL,
        command: join(instance, "bin", "artemis"),
        args: ["run"],
        cwd: instance,
        env: { ...process.env, ...artemisRunEnv(port, LOOPBACK, options.syncToDisk ?? false) },
        logFile,
        ready: ARTEMIS_READY,
        failures: ARTEMIS_FAILURES,
        port,
        work,
      });
    },
  };
}
