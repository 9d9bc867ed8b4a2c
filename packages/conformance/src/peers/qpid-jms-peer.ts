// The Qpid JMS peer (packages/conformance/java, built by scripts/build-qpid-jms-peer.sh): the real Apache
// Qpid JMS client, run as `java -jar jms-peer.jar send|receive|send-tx|durable-subscribe ...`, reporting what
// it sent or saw as JSON lines.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const BUILD_SCRIPT = "packages/conformance/scripts/build-qpid-jms-peer.sh";
/** JVM start-up tuned for a short-lived process on a small machine. */
const JVM_OPTIONS = ["-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx256m"];

/** Where the peer connects: a running target's URL and credentials. */
export interface QpidJmsPeerConnection {
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
}

/** One message as the peer sent it (`send`): the headers Qpid JMS assigned. */
export interface QpidJmsSent {
  id: string;
  text: string;
  timestamp: number;
  correlationId: string;
  type: string;
  deliveryMode: number;
  priority: number;
}

/** One message as `send-all` sent it: its class and the headers Qpid JMS assigned. */
export interface QpidJmsSentAll {
  class: QpidJmsReceived["class"];
  id: string;
  /** For a binary correlation id, Qpid JMS's `ID:AMQP_BINARY:` string form. */
  correlationId: string;
  timestamp: number;
  expiration: number;
  deliveryMode: number;
  priority: number;
  /** JMSXUserID as Qpid JMS wrote it (null without --user-id). */
  userId: string | null;
}

/** A value with its Java class all the way down: a map's `value` is an object of these, a list's an array. */
export interface QpidJmsDeep extends QpidJmsTyped {
  value: unknown;
}

/** A destination as Qpid JMS sees it. */
export interface QpidJmsDestination {
  string: string;
  queue: boolean;
  topic: boolean;
  temporary: boolean;
  name?: string;
}

/** A property or map entry value with its Java class, e.g. `{ class: "Long", value: 1099511627776 }`. */
export interface QpidJmsTyped {
  class: string | null;
  value: unknown;
  /** Java's String.valueOf(value): exact where `value` (a JSON number) is not, for longs beyond 2^53. */
  text: string | null;
}

/** One message as Qpid JMS received it (`receive`). */
export interface QpidJmsReceived {
  class: "TextMessage" | "BytesMessage" | "MapMessage" | "StreamMessage" | "ObjectMessage" | "Message";
  text?: string | null;
  /** BytesMessage body, lower-case hex. */
  bytes?: string;
  map?: Record<string, QpidJmsTyped>;
  /** StreamMessage values in order, as readObject() returned them. */
  stream?: QpidJmsTyped[];
  /** ObjectMessage.getObject(), with Java classes all the way down. */
  object?: QpidJmsDeep;
  messageId: string | null;
  correlationId: string | null;
  /** getJMSCorrelationIDAsBytes() as lower-case hex; null when there is none or it is a string. */
  correlationIdBytes: string | null;
  type: string | null;
  deliveryMode: number;
  priority: number;
  redelivered: boolean;
  timestamp: number;
  expiration: number;
  deliveryTime: number;
  destination: QpidJmsDestination | null;
  replyTo: QpidJmsDestination | null;
  properties: Record<string, QpidJmsTyped>;
  /** JMSXDeliveryCount, JMSXGroupID, JMSXGroupSeq and JMSXUserID as getObjectProperty returns them. */
  jmsx: Record<"JMSXDeliveryCount" | "JMSXGroupID" | "JMSXGroupSeq" | "JMSXUserID", QpidJmsTyped>;
}

/** The peer's jar: `JMS_TS_QPID_JMS_PEER_JAR`, else `java/target/jms-peer.jar` of this package. */
export function qpidJmsPeerJar(env: NodeJS.ProcessEnv = process.env): string {
  const override = env["JMS_TS_QPID_JMS_PEER_JAR"];
  if (override) return override;
  // This module runs from src/peers (tests) or bundled into dist/ (the CLI): look upwards for java/pom.xml.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    if (existsSync(join(dir, "java", "pom.xml"))) return join(dir, "java", "target", "jms-peer.jar");
    dir = dirname(dir);
  }
  return join(dirname(fileURLToPath(import.meta.url)), "java", "target", "jms-peer.jar");
}

/**
 * The peer's jar, checked to be there.
 * @throws Error with one line naming the build script when it is not built.
 */
export function requireQpidJmsPeerJar(): string {
  const jar = qpidJmsPeerJar();
  if (!existsSync(jar))
    throw new Error(`the Qpid JMS peer is not built (no ${jar}): run ${BUILD_SCRIPT} (Java 17 and Maven)`);
  return jar;
}

/** Sends `count` PERSISTENT TextMessages through Qpid JMS (text, or `text-i` for i = 1..count when count > 1). */
export async function qpidJmsSend(
  target: QpidJmsPeerConnection,
  queue: string,
  text: string,
  count = 1,
  deadlineMs = 45_000,
): Promise<QpidJmsSent[]> {
  const lines = await runPeer(
    ["send", ...common(target, queue), "--text", text, "--count", String(count)],
    deadlineMs,
  );
  return lines.map((line) => field<QpidJmsSent>(line, "sent"));
}

/** Sends one BytesMessage with the interop sequence (see JmsPeer's usage) through Qpid JMS. */
export async function qpidJmsSendBytes(
  target: QpidJmsPeerConnection,
  queue: string,
  deadlineMs = 45_000,
): Promise<QpidJmsSent> {
  const [line] = await runPeer(["send-bytes", ...common(target, queue)], deadlineMs);
  if (!line) throw new Error("qpid-jms peer: send-bytes printed nothing");
  return field<QpidJmsSent>(line, "sent");
}

/** Sends one MapMessage or StreamMessage with every JMS value type (see JmsPeer's sendStructured). */
export async function qpidJmsSendStructured(
  target: QpidJmsPeerConnection,
  queue: string,
  kind: "map" | "stream",
  deadlineMs = 45_000,
): Promise<QpidJmsSent> {
  const [line] = await runPeer([`send-${kind}`, ...common(target, queue)], deadlineMs);
  if (!line) throw new Error(`qpid-jms peer: send-${kind} printed nothing`);
  return field<QpidJmsSent>(line, "sent");
}

/**
 * Sends one message of each JMS kind with every header and typed property (see JmsPeer's sendAll); with
 * `userId`, Qpid JMS writes it as JMSXUserID.
 */
export async function qpidJmsSendAll(
  target: QpidJmsPeerConnection,
  queue: string,
  userId?: string,
  deadlineMs = 45_000,
): Promise<QpidJmsSentAll[]> {
  const args = ["send-all", ...common(target, queue)];
  if (userId !== undefined) args.push("--user-id", userId);
  const lines = await runPeer(args, deadlineMs);
  return lines.map((line) => field<QpidJmsSentAll>(line, "sent"));
}

/** How `qpidJmsReceive` consumes beyond its defaults. */
export interface QpidJmsReceiveOptions {
  /** A JMS message selector for the consumer. */
  readonly selector?: string;
  /** Subscribe to a topic of this name instead of consuming from the queue. */
  readonly topic?: boolean;
  /** After the expected messages, wait this long and return any further ones too (to check for extras). */
  readonly quietMs?: number;
}

/** Receives `count` messages through Qpid JMS (AUTO_ACKNOWLEDGE) within `timeoutMs` in all. */
export async function qpidJmsReceive(
  target: QpidJmsPeerConnection,
  queue: string,
  count = 1,
  timeoutMs = 15_000,
  options: QpidJmsReceiveOptions = {},
): Promise<QpidJmsReceived[]> {
  const args = ["receive", ...common(target, queue, options.topic ? "topic" : "queue")];
  args.push("--count", String(count), "--timeout-ms", String(timeoutMs));
  if (options.selector !== undefined) args.push("--selector", options.selector);
  if (options.quietMs !== undefined) args.push("--quiet-ms", String(options.quietMs));
  const lines = await runPeer(args, timeoutMs + (options.quietMs ?? 0) + 30_000);
  return lines.map((line) => field<QpidJmsReceived>(line, "received"));
}

/** Publishes `count` TextMessages to a topic through Qpid JMS, as `qpidJmsSend` does to a queue. */
export async function qpidJmsPublish(
  target: QpidJmsPeerConnection,
  topic: string,
  text: string,
  count = 1,
  deadlineMs = 45_000,
): Promise<QpidJmsSent[]> {
  const args = ["send", ...common(target, topic, "topic"), "--text", text, "--count", String(count)];
  return (await runPeer(args, deadlineMs)).map((line) => field<QpidJmsSent>(line, "sent"));
}

/**
 * Sends the six selector samples j1..j6 (FeatureCommands.SELECTABLE in the peer) to a queue or topic:
 * JMSType, JMSCorrelationID, priority, delivery mode, int `n` and string `region`, each absent on some.
 */
export async function qpidJmsSendSelectable(
  target: QpidJmsPeerConnection,
  destination: string,
  kind: "queue" | "topic" = "queue",
  deadlineMs = 45_000,
): Promise<QpidJmsSent[]> {
  const lines = await runPeer(["send-selectable", ...common(target, destination, kind)], deadlineMs);
  return lines.map((line) => field<QpidJmsSent>(line, "sent"));
}

/**
 * In one transacted Qpid JMS session: sends `rolledBack` messages `rolled-back-i` and rolls back, then
 * `count` messages `committed-i` (JMSCorrelationID corr-i) and commits. Resolves with the committed ones.
 */
export async function qpidJmsSendTransacted(
  target: QpidJmsPeerConnection,
  queue: string,
  count: number,
  rolledBack: number,
  deadlineMs = 45_000,
): Promise<QpidJmsSent[]> {
  const args = ["send-tx", ...common(target, queue), "--count", String(count)];
  args.push("--rolled-back", String(rolledBack));
  return (await runPeer(args, deadlineMs)).map((line) => field<QpidJmsSent>(line, "sent"));
}

/** A durable subscription opened by Qpid JMS under a ClientID. */
export interface QpidJmsDurableOptions {
  readonly topic: string;
  readonly clientId: string;
  readonly name: string;
  readonly selector?: string;
  /** Messages to receive before closing; 0 (default) only subscribes. */
  readonly count?: number;
  readonly timeoutMs?: number;
  /** After the expected messages, wait this long and return any further ones too. */
  readonly quietMs?: number;
  /** Remove the subscription after closing the consumer. */
  readonly unsubscribe?: boolean;
}

/** Opens (or resumes) a durable subscription in Qpid JMS, receives, closes; resolves with what arrived. */
export async function qpidJmsDurableSubscribe(
  target: QpidJmsPeerConnection,
  options: QpidJmsDurableOptions,
): Promise<QpidJmsReceived[]> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const args = ["durable-subscribe", ...common(target, options.topic, "topic")];
  args.push("--client-id", options.clientId, "--name", options.name, "--timeout-ms", String(timeoutMs));
  if (options.selector !== undefined) args.push("--selector", options.selector);
  if (options.count) args.push("--count", String(options.count));
  if (options.quietMs !== undefined) args.push("--quiet-ms", String(options.quietMs));
  if (options.unsubscribe) args.push("--unsubscribe", "true");
  const lines = await runPeer(args, timeoutMs + (options.quietMs ?? 0) + 30_000);
  return lines.filter((line) => "received" in line).map((line) => field<QpidJmsReceived>(line, "received"));
}

function common(target: QpidJmsPeerConnection, name: string, kind: "queue" | "topic" = "queue"): string[] {
  const args = ["--url", target.url, `--${kind}`, name];
  if (target.username !== undefined) args.push("--user", target.username);
  if (target.password !== undefined) args.push("--password", target.password);
  return args;
}

function field<T>(line: Record<string, unknown>, key: string): T {
  if (!(key in line)) throw new Error(`qpid-jms peer: expected a "${key}" line, got ${JSON.stringify(line)}`);
  return line[key] as T;
}

/**
 * Runs the peer to completion and returns its JSON lines. The peer ends itself at `deadlineMs`; Node kills it
 * 5 s later if it has not. Rejects with one line on a missing jar, a non-zero exit or output that is not JSON.
 */
function runPeer(args: string[], deadlineMs: number): Promise<Record<string, unknown>[]> {
  let jar: string;
  try {
    jar = requireQpidJmsPeerJar();
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
  const command = ["java", ...JVM_OPTIONS, "-jar", jar, ...args, "--deadline-ms", String(deadlineMs)];
  return new Promise((resolve, reject) => {
    execFile(
      command[0] as string,
      command.slice(1),
      { timeout: deadlineMs + 5_000, killSignal: "SIGKILL", maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const lines: Record<string, unknown>[] = [];
        for (const text of stdout.split("\n")) {
          if (text.trim() === "") continue;
          try {
            lines.push(JSON.parse(text) as Record<string, unknown>);
          } catch {
            reject(new Error(`qpid-jms peer ${args[0]}: not JSON: ${text.slice(0, 200)}`));
            return;
          }
        }
        const failure = lines.find((line) => "error" in line);
        if (error || failure) {
          const status = error
            ? error.killed
              ? "killed after its deadline"
              : `exited ${error.code}`
            : "failed";
          const reason =
            typeof failure?.["error"] === "string" ? failure["error"] : lastLine(stderr) || "no output";
          reject(new Error(`qpid-jms peer ${args[0]} ${status}: ${reason}`));
          return;
        }
        resolve(lines);
      },
    );
  });
}

function lastLine(text: string): string {
  return (
    text
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean)
      .pop() ?? ""
  );
}
