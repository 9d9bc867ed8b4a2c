import { deliveryLabel, LARGE_BODY, sizeLabel, SMALL_BODY } from "./bench-plan";
import { type ConfigSummary, ratio } from "./bench-stats";

/** One of issue 8's targets, as a ratio of two configurations' medians. */
export interface TargetRatio {
  /** What is compared, e.g. `jms-ts / rhea, bundled, 1 KiB non-persistent`. */
  readonly label: string;
  readonly numerator: string;
  readonly denominator: string;
  /** `throughput` (msg/s, higher is better) or `p99` at half of peak rate (ms, lower is better). */
  readonly metric: "throughput" | "p99";
  /** At least this for throughput, at most this for p99. */
  readonly target: number;
  /** A stretch goal the issue names (at least). */
  readonly aim?: number;
}

/** A target with the measured ratio: `met` is undefined when a side did not run. */
export interface TargetOutcome extends TargetRatio {
  readonly value?: number;
  readonly met?: boolean;
}

const workload = (size: number, persistent: boolean) => `${sizeLabel(size)} ${deliveryLabel(persistent)}`;

/** Every ratio in issue 8's Targets section that the side-by-side runs measure. */
export function targetRatios(): TargetRatio[] {
  const small = workload(SMALL_BODY, false);
  const ratios: TargetRatio[] = [
    {
      label: `jms-ts / raw rhea, bundled broker, ${small}`,
      numerator: `a bundled jms-ts ${small}`,
      denominator: `a bundled rhea ${small}`,
      metric: "throughput",
      target: 1.0,
      aim: 1.2,
    },
    {
      label: `jms-ts / Qpid JMS, Broker-J, ${small}`,
      numerator: `b qpid-broker-j jms-ts ${small}`,
      denominator: `b qpid-broker-j qpid-jms ${small}`,
      metric: "throughput",
      target: 1.0,
    },
  ];
  const names = { "qpid-broker-j": "Broker-J", artemis: "Artemis" } as const;
  for (const persistent of [false, true])
    for (const size of [SMALL_BODY, LARGE_BODY])
      for (const other of ["qpid-broker-j", "artemis"] as const) {
        const load = workload(size, persistent);
        ratios.push({
          label: `bundled / ${names[other]}, jms-ts, ${load}`,
          numerator: `c bundled jms-ts ${load}`,
          denominator: `c ${other} jms-ts ${load}`,
          metric: "throughput",
          target: persistent ? 1.0 : 1.5,
        });
      }
  for (const persistent of [false, true])
    for (const size of [SMALL_BODY, LARGE_BODY])
      for (const other of ["qpid-broker-j", "artemis"] as const) {
        const load = workload(size, persistent);
        ratios.push({
          label: `p99 at half rate, bundled / ${names[other]}, ${load}`,
          numerator: `c bundled jms-ts ${load} half-rate`,
          denominator: `c ${other} jms-ts ${load} half-rate`,
          metric: "p99",
          target: 1.0,
        });
      }
  return ratios;
}

/** The ratios whose configurations are in `summaries` (a run with `--only` measures a subset). */
export function evaluateTargets(summaries: ReadonlyMap<string, ConfigSummary>): TargetOutcome[] {
  return targetRatios()
    .filter((target) => summaries.has(target.numerator) && summaries.has(target.denominator))
    .map((target) => {
      const pick = (key: string) => summaries.get(key)?.[target.metric];
      const value = ratio(pick(target.numerator), pick(target.denominator));
      if (value === undefined) return target;
      return {
        ...target,
        value,
        met: target.metric === "p99" ? value <= target.target : value >= target.target,
      };
    });
}
