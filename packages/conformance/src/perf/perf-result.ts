import { type LatencySummary, summarizeLatency } from "./latency-summary";
import type { PerfCounters } from "./perf-counters";
import type { PerfOptions } from "./perf-options";

/** One side's numbers, named like quiver's `results` (times in epoch ms, rates per second). */
export interface SideResult {
  readonly message_count: number;
  readonly first_time: number;
  readonly last_time: number;
  /** Seconds from the first to the last message on this side. */
  readonly duration: number;
  readonly message_rate: number;
  /** MB/s of bodies (10^6 bytes). */
  readonly megabytes_per_second: number;
}

export interface SenderResult extends SideResult {
  /** Sends the broker accepted. */
  readonly settled_count: number;
}

/** What `jms-perf --json` prints: one object, with quiver's field names where quiver has one. */
export interface PerfResult {
  readonly configuration: {
    readonly client: string;
    readonly broker: string;
    readonly queue: string;
    readonly body_size: number;
    readonly message_count: number | null;
    readonly duration: number | null;
    readonly durable: boolean;
    readonly ack: string;
    readonly transaction_size: number;
    readonly credit_window: number;
    readonly producers: number;
    readonly consumers: number;
    readonly connections: number;
    /** `--rate`: messages per second over all producers; null when sends were not paced. */
    readonly rate_limit: number | null;
    /**
     * Whether rhea in the jms-perf process ran with `@jms-ts/rhea-patches` installed: true whenever the
     * jms-ts client or the bundled broker shares the process, false for raw rhea beside a broker elsewhere.
     */
    readonly rhea_patches: boolean;
  };
  /** End to end, as quiver: received messages over first send to last receive, per second. */
  readonly throughput: number;
  /** The same in MB/s of bodies. */
  readonly throughput_megabytes: number;
  /** Seconds from the first send to the last receive. */
  readonly duration: number;
  /** Received messages. */
  readonly message_count: number;
  /** End-to-end latency in ms. */
  readonly latency: LatencySummary;
  readonly sender: SenderResult;
  readonly receiver: SideResult;
}

/** The result of a finished run; `rheaPatches` is whether rhea in this process was patched (see above). */
export function buildPerfResult(
  options: PerfOptions,
  broker: string,
  counters: PerfCounters,
  rheaPatches: boolean,
): PerfResult {
  const megabytes = (count: number, seconds: number) => rate(count * options.bodySize, seconds) / 1e6;
  const side = (count: number, first: number | undefined, last: number | undefined): SideResult => {
    const duration = seconds(first, last);
    return {
      message_count: count,
      first_time: first ?? 0,
      last_time: last ?? 0,
      duration,
      message_rate: rate(count, duration),
      megabytes_per_second: megabytes(count, duration),
    };
  };
  const endToEnd = seconds(counters.firstSendMs, counters.lastReceiveMs);
  return {
    configuration: {
      client: options.client,
      broker,
      queue: options.queue,
      body_size: options.bodySize,
      message_count: options.count ?? null,
      duration: options.durationSeconds ?? null,
      durable: options.persistent,
      ack: options.transactedBatch > 0 ? "transacted" : options.ack,
      transaction_size: options.transactedBatch,
      credit_window: options.prefetch,
      producers: options.producers,
      consumers: options.consumers,
      connections: Math.min(options.connections, options.producers + options.consumers),
      rate_limit: options.rate ?? null,
      rhea_patches: rheaPatches,
    },
    throughput: rate(counters.received, endToEnd),
    throughput_megabytes: megabytes(counters.received, endToEnd),
    duration: endToEnd,
    message_count: counters.received,
    latency: summarizeLatency(counters.latencyValues()),
    sender: {
      ...side(counters.sent, counters.firstSendMs, counters.lastSendMs),
      settled_count: counters.settled,
    },
    receiver: side(counters.received, counters.firstReceiveMs, counters.lastReceiveMs),
  };
}

function seconds(first: number | undefined, last: number | undefined): number {
  return first === undefined || last === undefined ? 0 : (last - first) / 1000;
}

/** Per second; a run shorter than the clock's resolution counts as 1 ms rather than dividing by 0. */
function rate(amount: number, seconds: number): number {
  return amount === 0 ? 0 : amount / Math.max(seconds, 0.001);
}
