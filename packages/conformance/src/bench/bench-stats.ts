import type { PerfResult } from "../perf/perf-result";

/** One child run as the bench records it (every run, warm-ups too, goes to side-by-side.json). */
export interface RunRecord {
  /** The BenchConfig key. */
  readonly config: string;
  readonly phase: "warmup" | "peak" | "half-rate";
  readonly round: number;
  readonly queue: string;
  /** `--rate` of a half-rate run. */
  readonly rate?: number;
  readonly ok: boolean;
  /** Why a failed run failed, in one line. */
  readonly reason?: string;
  readonly result?: PerfResult;
}

/** The medians of a configuration's measured runs (undefined values when none succeeded). */
export interface ConfigSummary {
  readonly config: string;
  readonly runs: number;
  readonly failed: number;
  readonly throughput?: number;
  readonly megabytes?: number;
  readonly p50?: number;
  readonly p99?: number;
  /** The first failure's reason, if any run failed. */
  readonly reason?: string;
}

/**
 * The median: the middle value, or the mean of the two middle ones for an even count.
 * @throws RangeError for no values.
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError("median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * `numerator / denominator`; undefined when either is missing. 0/0 is 1 (equal), x/0 is Infinity, so a
 * latency under the clock's 1 ms compares sensibly.
 */
export function ratio(numerator: number | undefined, denominator: number | undefined): number | undefined {
  if (numerator === undefined || denominator === undefined) return undefined;
  if (denominator === 0) return numerator === 0 ? 1 : Infinity;
  return numerator / denominator;
}

/** Sums up the measured (not warm-up) runs of `config`. */
export function summarize(config: string, records: readonly RunRecord[]): ConfigSummary {
  const measured = records.filter((record) => record.config === config && record.phase !== "warmup");
  const results = measured.flatMap((record) => (record.ok && record.result ? [record.result] : []));
  const failedRuns = measured.filter((record) => !record.ok);
  const of = (pick: (result: PerfResult) => number) =>
    results.length === 0 ? undefined : median(results.map(pick));
  const summary = {
    config,
    runs: measured.length,
    failed: failedRuns.length,
    throughput: of((result) => result.throughput),
    megabytes: of((result) => result.throughput_megabytes),
    p50: of((result) => result.latency.p50),
    p99: of((result) => result.latency.p99),
    reason: failedRuns[0]?.reason,
  };
  return Object.fromEntries(
    Object.entries(summary).filter(([, value]) => value !== undefined),
  ) as unknown as ConfigSummary;
}
