import type { ConnectionFactory } from "@jms-ts/client";
import type { Capability } from "./capability";
import type { Log, RunningTarget, Target } from "./target";

/** What a case gets: the target, a connection factory for it, and names no other case uses. */
export interface CaseContext {
  readonly target: Target;
  readonly running: RunningTarget;
  /** A ConnectionFactory for the running target, with its credentials applied by `connect()`. */
  readonly factory: ConnectionFactory;
  /** Opens and starts a connection with the target's credentials; closed after the case. */
  connect(): ReturnType<ConnectionFactory["createConnection"]>;
  /** A queue name unique to this case and run, already mapped for the target. */
  queueName(base: string): string;
  /** A topic name unique to this case and run, already mapped for the target (e.g. Broker-J's amq.topic/). */
  topicName(base: string): string;
  readonly log: Log;
  /** Resources to release after the case, pass or fail. */
  defer(cleanup: () => Promise<void> | void): void;
}

/** One JMS behaviour, written once against the public client API and run on every capable target. */
export interface ConformanceCase {
  /** Stable id, e.g. `queue.text-round-trip`; the matrix row. */
  readonly id: string;
  /** One line for the matrix; spec tags like `[JMS 2.0 6.2.10]` welcome. */
  readonly title: string;
  readonly requires: readonly Capability[];
  /** Extra environment needs beyond the broker (Java, Python); a missing one is a skip with reason. */
  readonly needs?: readonly EnvironmentNeed[];
  readonly timeoutMs?: number;
  run(context: CaseContext): Promise<void>;
}

/** Tools outside the broker that some cases need. */
export type EnvironmentNeed = "java" | "python-proton";
