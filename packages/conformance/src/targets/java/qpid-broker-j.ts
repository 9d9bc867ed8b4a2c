import { join } from "node:path";
import type { Capability } from "../../harness/capability";
import type { Target } from "../../harness/target";
import { brokerConfigFile, brokerHome, type BrokerDistribution } from "./broker-install";
import { portFromEnv } from "../process/ports";
import type { FailureLine } from "../process/ready";
import {
  amqpPort,
  newWorkDir,
  requireJava,
  startNativeBroker,
  type NativeBrokerOptions,
} from "./native-broker";

/** `org.apache.qpid:apache-qpid-broker-j:10.1.0:bin:tar.gz`; its entries sit under `qpid-broker/10.1.0/`. */
export const QPID_BROKER_J: BrokerDistribution = {
  name: "qpid-broker-j",
  version: "10.1.0",
  tarball: "apache-qpid-broker-j-10.1.0-bin.tar.gz",
  stripComponents: 2,
  marker: "lib/qpid-broker-10.1.0.jar",
};

const LABEL = `${QPID_BROKER_J.name} ${QPID_BROKER_J.version}`;
const ID = "qpid-broker-j (native)";

/**
 * `packages/conformance/brokers/qpid-broker-j/initial-config.json`: anonymous AMQP 1.0 port
 * `${qpid.amqp_port}`, a Derby virtual host in the work directory (kept across a restart), queues
 * auto-created on publish and consume, console logging.
 * Auto-creation skips `amq.*`, `TempTopic*` and `routing.*`: a consumer on a temporary topic (a fanout exchange
 * Broker-J names `TempTopic<uuid>`) or on a declared `routing.*` exchange would otherwise get a new queue of
 * that name, since Broker-J applies a matching policy on receive before it looks for an exchange.
 */
export function qpidBrokerJInitialConfig(): string {
  return brokerConfigFile(QPID_BROKER_J.name, "initial-config.json");
}

/** The operational log line printed once every port and virtual host is up. */
export const QPID_BROKER_J_READY = /BRK-1004 : Qpid Broker Ready/;

/** Broker-J still prints BRK-1004 when its AMQP port failed to bind, so that line must fail the start. */
export const QPID_BROKER_J_FAILURES: readonly FailureLine[] = [
  {
    pattern: /PortBindFailureException: (.*)/,
    reason: (line) => `${LABEL} could not listen: ${line.replace(/^.*PortBindFailureException: /, "")}`,
  },
];

export interface QpidBrokerJLaunch {
  /** The unpacked distribution (`QPID_HOME`). */
  readonly home: string;
  /** `QPID_WORK`: a fresh directory per start. */
  readonly work: string;
  readonly amqpPort: number;
  /** Default: qpidBrokerJInitialConfig(). */
  readonly initialConfig?: string;
  /** Derby syncs its log on every commit (its default) instead of skipping fsyncs. */
  readonly syncToDisk?: boolean;
}

/**
 * The arguments after `java`: what `bin/qpid-server` runs, with the JSON config store in the work directory
 * (`config.json`), created from our initial config on the first start (`-icp`) and read back on a restart,
 * and the AMQP port set by `-prop qpid.amqp_port=N`. Unless `syncToDisk`, Derby skips its fsyncs
 * (`derby.system.durability=test`): a clean shutdown still writes everything, which is all a restart needs,
 * and the suite stays fast.
 */
export function qpidBrokerJJavaArgs(launch: QpidBrokerJLaunch): string[] {
  return [
    "-Xmx512m",
    "-XX:MaxDirectMemorySize=512m",
    "-XX:+UseG1GC",
    ...(launch.syncToDisk ? [] : ["-Dderby.system.durability=test"]),
    `-DQPID_HOME=${launch.home}`,
    `-DQPID_WORK=${launch.work}`,
    "-cp",
    join(launch.home, "lib", "*"),
    "org.apache.qpid.server.Main",
    "-icp",
    launch.initialConfig ?? qpidBrokerJInitialConfig(),
    "-prop",
    `qpid.amqp_port=${launch.amqpPort}`,
  ];
}

export const QPID_BROKER_J_CAPABILITIES: ReadonlySet<Capability> = new Set<Capability>([
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
  // Local transactions through the AMQP coordinator; selectors and no-local as source filters; durable
  // subscriptions as `qpidsub_/<container-id>_/<link-name>_/durable` queues (the ClientID is the container id),
  // shared ones with the `shared` capability and, without a ClientID, `global` (container `_global_`).
  "selectors",
  "transactions",
  "durable-subscriptions",
  "shared-subscriptions",
  // Config (config.json, the virtual host node's JSON store) and messages (Derby) live in the work directory,
  // which a restart keeps.
  "restart",
]);

const NOT_YET = "not yet exercised by the suite";

export const QPID_BROKER_J_LIMITATIONS: ReadonlyMap<Capability, string> = new Map<Capability, string>([
  [
    "selector-unknown-equality",
    "Broker-J 10.1 takes = on a missing property as false, not unknown: `i <> 3` and `NOT (b = TRUE)` select messages without i or b",
  ],
  // Broker-J offers DELAYED_DELIVERY but rejects a delayed message (amqp:precondition-failed) on a queue
  // without holdOnPublishEnabled; ours are created on demand without it.
  ["delayed-delivery", "Broker-J rejects delayed messages unless the queue has holdOnPublishEnabled"],
  ["priority", `${NOT_YET} (Broker-J orders by priority only on priority queues; ours are standard)`],
  ["message-groups", `${NOT_YET} (Broker-J needs messageGroupType on the queue)`],
  [
    "restart-redelivery",
    "Broker-J 10.1 keeps delivery counts in memory only: a message delivered and not acknowledged before a restart comes back with JMSRedelivered false",
  ],
  [
    "restart-redelivery-in-flight",
    "Broker-J 10.1 keeps delivery counts in memory only (see restart-redelivery)",
  ],
]);

/**
 * Apache Qpid Broker-J 10.1.0 run on the machine's Java 17: a fresh broker in a new work directory per start
 * on a free port (or JMS_TS_QPID_BROKER_J_PORT), SASL ANONYMOUS; a restart keeps the work directory.
 */
export function qpidBrokerJNative(options: NativeBrokerOptions = {}): Target {
  return {
    id: ID,
    name: QPID_BROKER_J.name,
    via: "native",
    capabilities: QPID_BROKER_J_CAPABILITIES,
    limitations: QPID_BROKER_J_LIMITATIONS,
    // A bare name resolves to a queue (auto-created); a topic is a binding key on the amq.topic exchange.
    queueName: (name) => name,
    topicName: (name) => `amq.topic/${name}`,
    async start(log) {
      const say = (line: string) => log(`[${ID}] ${line}`);
      const java = await requireJava(QPID_BROKER_J.name);
      const home = await brokerHome(QPID_BROKER_J, say);
      const port = await amqpPort(LABEL, options.port ?? portFromEnv("JMS_TS_QPID_BROKER_J_PORT"));
      const work = await newWorkDir(QPID_BROKER_J.name);
      const logFile = join(work, "broker.log");
      say(`AMQP port ${port}, log ${logFile}`);
      return startNativeBroker({
        label: LABEL,
        command: java,
        args: qpidBrokerJJavaArgs({ home, work, amqpPort: port, syncToDisk: options.syncToDisk ?? false }),
        cwd: work,
        env: { ...process.env, QPID_HOME: home, QPID_WORK: work },
        logFile,
        ready: QPID_BROKER_J_READY,
        failures: QPID_BROKER_J_FAILURES,
        port,
        work,
      });
    },
  };
}
