/** End-to-end latency in ms, named like quiver's results (`latency_quartiles`, `latency_nines`). */
export interface LatencySummary {
  /** How many latencies were measured. */
  readonly samples: number;
  readonly average: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
  /** 0, 25, 50, 75 and 100 %. */
  readonly quartiles: readonly number[];
  /** 90, 99, 99.9, 99.99 and 99.999 %. */
  readonly nines: readonly number[];
}

/**
 * The value below which `fraction` of the sorted samples lie, by nearest rank: the smallest sample with
 * at least that share of samples at or below it (so p50 of 1..100 is 50 and p100 the maximum).
 * @throws RangeError for an empty list or a fraction outside 0..1.
 */
export function percentile(sorted: ArrayLike<number>, fraction: number): number {
  if (sorted.length === 0) throw new RangeError("percentile of no samples");
  if (!(fraction >= 0 && fraction <= 1)) throw new RangeError(`fraction must be in 0..1, got ${fraction}`);
  const rank = Math.max(1, Math.ceil(fraction * sorted.length - 1e-9));
  return sorted[rank - 1] as number;
}

/** Sorts a copy of `latencies` and summarises it; all zero when there is none. */
export function summarizeLatency(latencies: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(latencies).sort();
  if (sorted.length === 0) {
    return {
      samples: 0,
      average: 0,
      p50: 0,
      p90: 0,
      p99: 0,
      p999: 0,
      max: 0,
      quartiles: [0, 0, 0, 0, 0],
      nines: [0, 0, 0, 0, 0],
    };
  }
  let sum = 0;
  for (const value of sorted) sum += value;
  const at = (fraction: number) => percentile(sorted, fraction);
  return {
    samples: sorted.length,
    average: sum / sorted.length,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    p999: at(0.999),
    max: sorted[sorted.length - 1] as number,
    quartiles: [sorted[0] as number, at(0.25), at(0.5), at(0.75), at(1)],
    nines: [at(0.9), at(0.99), at(0.999), at(0.9999), at(0.99999)],
  };
}
