import type { BenchConfig, BenchPlan, Comparison } from "./bench-plan";

/** One child run: a warm-up (not recorded in the medians) or measured round `round` of `repeat`. */
export interface BenchStep {
  readonly config: BenchConfig;
  readonly phase: "warmup" | "peak" | "half-rate";
  /** 1-based; 0 for a warm-up. */
  readonly round: number;
}

/**
 * The peak runs of a comparison: a warm-up per configuration, then `repeat` rounds that each run every
 * configuration once, so drift on the machine hits every configuration alike.
 */
export function peakSteps(comparison: Comparison, repeat: number): BenchStep[] {
  const warmups = comparison.peak
    .filter((config) => config.warmupCount > 0)
    .map((config): BenchStep => ({ config, phase: "warmup", round: 0 }));
  return [...warmups, ...rounds(comparison.peak, repeat, "peak")];
}

/** The half-rate runs, interleaved in rounds as the peaks; they follow the peaks their rates come from. */
export function halfRateSteps(comparison: Comparison, repeat: number): BenchStep[] {
  return rounds(comparison.halfRate, repeat, "half-rate");
}

function rounds(configs: readonly BenchConfig[], repeat: number, phase: BenchStep["phase"]): BenchStep[] {
  const steps: BenchStep[] = [];
  for (let round = 1; round <= repeat; round++)
    for (const config of configs) steps.push({ config, phase, round });
  return steps;
}

/** How many child runs the plan makes, for the `[n/total]` of the progress lines. */
export function totalSteps(plan: BenchPlan): number {
  return plan.comparisons.reduce(
    (sum, comparison) =>
      sum + peakSteps(comparison, plan.repeat).length + halfRateSteps(comparison, plan.repeat).length,
    0,
  );
}
