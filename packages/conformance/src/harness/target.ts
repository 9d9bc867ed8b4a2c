import type { Capability } from "./capability";

/** How a target's broker process runs. */
export type Via = "in-process" | "native" | "container" | "external";

/** Where to reach a started broker, and how to stop it. */
export interface RunningTarget {
  /** `amqp://host:port`, ready for a ConnectionFactory. */
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
  /** Stops the broker and frees what it used; never rejects. */
  stop(): Promise<void>;
}

/** Progress lines for the person watching a run. */
export type Log = (line: string) => void;

/**
 * A broker the suite runs against. `start` either resolves with a running broker or rejects with one clear
 * line saying why not (missing Java, port taken, bad tarball) within `startTimeoutMs`; it never hangs.
 */
export interface Target {
  /** The column name in the matrix, e.g. `qpid-broker-j (native)`. */
  readonly id: string;
  /** The target's name as given to `--target`, e.g. `qpid-broker-j`. */
  readonly name: string;
  readonly via: Via;
  /** Set when the target is not configured on this machine (e.g. no URL for `external`): every case
   * is skipped with this reason and the run does not fail. A broker that should start but cannot is a
   * start failure instead. */
  readonly unavailable?: string;
  readonly capabilities: ReadonlySet<Capability>;
  /** Capabilities the target lacks, each with why; shown as the reason of every skip it causes. */
  readonly limitations: ReadonlyMap<Capability, string>;
  /** The queue name to give `session.createQueue()` for a logical queue name (prefixes, /queue/...). */
  queueName(name: string): string;
  /** The topic name to give `session.createTopic()` for a logical topic name. */
  topicName(name: string): string;
  start(log: Log): Promise<RunningTarget>;
}

/** Builds the reason a capability is missing on a target. */
export function missingReason(target: Target, capability: Capability): string {
  return target.limitations.get(capability) ?? `${target.name} does not claim ${capability}`;
}
