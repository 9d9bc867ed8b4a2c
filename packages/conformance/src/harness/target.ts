import type { Capability } from "./capability";
import { withTimeout } from "./with-timeout";

/** How a target's broker process runs. */
export type Via = "in-process" | "native" | "container" | "external";

/** Where to reach a started broker, and how to stop (or restart) it. */
export interface RunningTarget {
  /**
   * `amqp://host:port`, ready for a ConnectionFactory. It may change across `restart` (a container's
   * mapped host port), so read it again after one.
   */
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
  /** Stops the broker and frees what it used; never rejects. */
  stop(): Promise<void>;
  /**
   * Present on targets claiming `restart`: stops the broker as a clean shutdown does and starts it again
   * with the same data, reachable at `url` once it resolves. Rejects with one line when the broker does
   * not come back.
   */
  restart?(log: Log): Promise<void>;
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

/**
 * `running` with its restart bounded by `ms` (the target's start timeout); `url` stays live, so a restart
 * that moves the broker is seen through the returned object too.
 */
export function boundRestart(running: RunningTarget, ms: number): RunningTarget {
  const restart = running.restart?.bind(running);
  if (!restart) return running;
  return {
    get url() {
      return running.url;
    },
    ...(running.username === undefined ? {} : { username: running.username }),
    ...(running.password === undefined ? {} : { password: running.password }),
    stop: () => running.stop(),
    restart: (log) => withTimeout(restart(log), ms, `the broker did not restart within ${ms / 1000} s`),
  };
}

/** Builds the reason a capability is missing on a target. */
export function missingReason(target: Target, capability: Capability): string {
  return target.limitations.get(capability) ?? `${target.name} does not claim ${capability}`;
}
