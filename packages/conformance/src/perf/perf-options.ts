import { parseArgs } from "node:util";

export type PerfClient = "jms-ts" | "rhea" | "qpid-jms";
export type PerfAck = "auto" | "client" | "dups-ok";
/** How a started target runs: Java brokers natively or in a container, the bundled broker in a child process or in this one. */
export type PerfVia = "native" | "container" | "process" | "in-process";

/** A `jms-perf` command line, checked and with every default filled in. */
export interface PerfOptions {
  /** The broker URL; absent when a target is started instead. */
  readonly url?: string;
  /** The target to start when there is no URL. */
  readonly target: string;
  /** For bundled: process (default) or in-process; for the Java brokers: native (default) or container. */
  readonly via: PerfVia;
  /** Exactly one of `count` and `durationSeconds` is set. */
  readonly count?: number;
  readonly durationSeconds?: number;
  readonly bodySize: number;
  readonly persistent: boolean;
  readonly ack: PerfAck;
  /** 0: not transacted. */
  readonly transactedBatch: number;
  readonly prefetch: number;
  /** Messages per second over all producers together; absent: as fast as credit allows. */
  readonly rate?: number;
  readonly producers: number;
  readonly consumers: number;
  readonly connections: number;
  readonly queue: string;
  readonly client: PerfClient;
  readonly timeoutSeconds: number;
  readonly json: boolean;
  readonly help: boolean;
}

/** A command line that cannot run; the CLI prints the message with the usage and exits 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export const PERF_TARGETS = ["bundled", "qpid-broker-j", "artemis", "rabbitmq"] as const;
const CLIENTS: readonly PerfClient[] = ["jms-ts", "rhea", "qpid-jms"];
const ACKS: readonly PerfAck[] = ["auto", "client", "dups-ok"];
const JAVA_VIAS: readonly PerfVia[] = ["native", "container"];
const BUNDLED_VIAS: readonly PerfVia[] = ["process", "in-process"];
const DEFAULT_COUNT = 100_000;

/**
 * Parses `jms-perf` arguments (without `node` and the script).
 * @throws UsageError naming the bad flag or value and what is allowed.
 */
export function parsePerfOptions(argv: readonly string[]): PerfOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        target: { type: "string" },
        via: { type: "string" },
        count: { type: "string" },
        duration: { type: "string" },
        "body-size": { type: "string" },
        persistent: { type: "boolean" },
        ack: { type: "string" },
        "transacted-batch": { type: "string" },
        prefetch: { type: "string" },
        rate: { type: "string" },
        producers: { type: "string" },
        consumers: { type: "string" },
        connections: { type: "string" },
        queue: { type: "string" },
        client: { type: "string" },
        timeout: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean" },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1)
    throw new UsageError(`expected at most one URL, got ${positionals.length}: ${positionals.join(" ")}`);
  const url = positionals[0];
  if (url !== undefined && !/^amqps?:\/\//.test(url))
    throw new UsageError(`URL must start with amqp:// or amqps://, got ${url}`);
  if (url !== undefined && values.target !== undefined)
    throw new UsageError("give either a URL or --target, not both");
  if (url !== undefined && values.via !== undefined)
    throw new UsageError("--via goes with --target, not with a URL");
  const target = oneOf("--target", values.target ?? "bundled", PERF_TARGETS);
  if (values.via !== undefined && target === "rabbitmq")
    throw new UsageError("--via applies to bundled, qpid-broker-j and artemis; rabbitmq runs one way only");
  const via =
    target === "bundled"
      ? oneOf("--via", values.via ?? "process", BUNDLED_VIAS)
      : oneOf("--via", values.via ?? "native", JAVA_VIAS);
  if (values.count !== undefined && values.duration !== undefined)
    throw new UsageError("give either --count or --duration, not both");
  const producers = integer("--producers", values.producers, 1, 1);
  const consumers = integer("--consumers", values.consumers, 1, 1);
  const client = oneOf("--client", values.client ?? "jms-ts", CLIENTS);
  const ack = oneOf("--ack", values.ack ?? "auto", ACKS);
  const transactedBatch = integer("--transacted-batch", values["transacted-batch"], 0, 0);
  if (client === "rhea" && (ack !== "auto" || transactedBatch > 0))
    throw new UsageError(
      "--client rhea runs quiver's rhea workload: auto-accept without transactions (leave out --ack and --transacted-batch)",
    );
  if (transactedBatch > 0 && values.ack !== undefined)
    throw new UsageError("--ack does not apply to a transacted run (--transacted-batch > 0)");
  const count =
    values.duration === undefined ? integer("--count", values.count, DEFAULT_COUNT, 1) : undefined;
  const durationSeconds =
    values.duration === undefined ? undefined : positiveNumber("--duration", values.duration, "seconds");
  const queue = values.queue ?? "jms-perf";
  if (queue.trim() === "") throw new UsageError("--queue must not be empty");
  return {
    ...(url === undefined ? {} : { url }),
    target,
    via,
    ...(count === undefined ? {} : { count }),
    ...(durationSeconds === undefined ? {} : { durationSeconds }),
    bodySize: integer("--body-size", values["body-size"], 100, 0),
    persistent: values.persistent ?? false,
    ack,
    transactedBatch,
    prefetch: integer("--prefetch", values.prefetch, 1000, 1),
    ...(values.rate === undefined
      ? {}
      : { rate: positiveNumber("--rate", values.rate, "messages per second") }),
    producers,
    consumers,
    connections: integer("--connections", values.connections, producers + consumers, 1),
    queue,
    client,
    timeoutSeconds: positiveNumber("--timeout", values.timeout ?? "10", "seconds"),
    json: values.json ?? false,
    help: values.help ?? false,
  };
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`${flag} must be one of ${allowed.join(", ")}, got ${value}`);
  return value as T;
}

/** `text` as a whole number >= `min`, or `fallback` when absent; shared by the `bench` command line. */
export function integer(flag: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min)
    throw new UsageError(`${flag} must be a whole number >= ${min}, got ${text}`);
  return value;
}

function positiveNumber(flag: string, text: string, unit: string): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value <= 0)
    throw new UsageError(`${flag} must be a number of ${unit} > 0, got ${text}`);
  return value;
}
