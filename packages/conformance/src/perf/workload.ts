import type { PerfCounters } from "./perf-counters";
import type { PerfOptions } from "./perf-options";

/** The application property carrying a message's send time in epoch ms, as in quiver's arrows. */
export const SEND_TIME = "SendTime";

/** What one client runs: the broker, the queue and the options, with the producers' shares worked out. */
export interface Workload {
  /** `amqp://host:port`, maybe with `?jms.*` options the jms-ts client reads. */
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
  /** The queue's name as this broker spells it (e.g. `/queue/NAME` on RabbitMQ 3). */
  readonly address: string;
  readonly options: PerfOptions;
  /** The body of every message: `bodySize` bytes of `x`, as quiver sends. */
  readonly body: Buffer;
  /** How many messages each producer sends; Infinity in a duration run, which `stop` ends. */
  readonly quotas: readonly number[];
  /** Aborted when a duration run's time is up: producers stop sending. */
  readonly stop: AbortSignal;
}

/** The clients of a run once connected and attached (consumers first, so no message waits for one). */
export interface ClientRun {
  /** Resolves when every producer has sent its share (or stopped); rejects if a producer failed. */
  readonly sending: Promise<void>;
  /** Commits or acknowledges what the consumers still hold, once everything was received. */
  finish(): Promise<void>;
  /** Closes every connection; never rejects. */
  close(): Promise<void>;
}

/**
 * Connects and attaches a run's producers and consumers with one client library. Failures after it
 * resolves (a broken connection, a rejected send) go to `counters.fail`.
 * @throws Error with one line when the broker cannot be reached or refuses the links.
 */
export type ClientRunner = (workload: Workload, counters: PerfCounters) => Promise<ClientRun>;

/** Each producer's share of `count` (the first ones take the remainder); Infinity each without a count. */
export function producerQuotas(count: number | undefined, producers: number): number[] {
  return Array.from({ length: producers }, (_, i) =>
    count === undefined ? Infinity : Math.floor(count / producers) + (i < count % producers ? 1 : 0),
  );
}

/**
 * The connection (0-based) that consumer `index` or producer `index` uses: consumers first, then
 * producers, dealt round robin over `--connections`.
 */
export function connectionOf(
  role: "consumer" | "producer",
  index: number,
  options: Pick<PerfOptions, "consumers" | "connections">,
): number {
  const slot = role === "consumer" ? index : options.consumers + index;
  return slot % options.connections;
}
