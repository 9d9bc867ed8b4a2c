import type { BenchOptions } from "./bench-options";

/** The brokers the bench compares; each runs in a process of its own. */
export type BenchBroker = "bundled" | "qpid-broker-j" | "artemis";
export type BenchClient = "jms-ts" | "rhea" | "qpid-jms";
export type ComparisonId = "a" | "b" | "c";
export const COMPARISON_IDS: readonly ComparisonId[] = ["a", "b", "c"];

/** One configuration: a client and a workload through one broker, measured `repeat` times. */
export interface BenchConfig {
  /** Unique in a plan, e.g. `c bundled jms-ts 1 KiB persistent`; results refer to it. */
  readonly key: string;
  readonly comparison: ComparisonId;
  readonly broker: BenchBroker;
  readonly client: BenchClient;
  readonly bodySize: number;
  readonly persistent: boolean;
  /** Messages per measured run; a half-rate run sends about `latencySeconds` worth instead. */
  readonly count: number;
  /** Messages in the unrecorded warm-up run; 0 for none. */
  readonly warmupCount: number;
  /** Set on a latency run: the key of the configuration whose median peak, halved, is its `--rate`. */
  readonly halfRateOf?: string;
}

/** A group of configurations compared with each other, measured in interleaved rounds. */
export interface Comparison {
  readonly id: ComparisonId;
  readonly title: string;
  /** Brokers started once for the whole comparison. */
  readonly brokers: readonly BenchBroker[];
  /** Runs as fast as credit allows. */
  readonly peak: readonly BenchConfig[];
  /** Runs at half the median peak of a `peak` configuration, for latency. */
  readonly halfRate: readonly BenchConfig[];
}

export interface BenchPlan {
  readonly comparisons: readonly Comparison[];
  /** Measured runs per configuration; the report gives their median. */
  readonly repeat: number;
  /** How long a half-rate run sends, in seconds (its count is rate × this). */
  readonly latencySeconds: number;
  readonly quick: boolean;
}

export const KIB = 1024;
export const SMALL_BODY = KIB;
export const LARGE_BODY = 64 * KIB;

/**
 * Messages per run: 1 KiB and 64 KiB, non-persistent and persistent (every broker syncs those to disk
 * before accepting them, so they go slower), full and `--quick`. Each run is a fresh process whose first
 * second runs cold code, so runs must last a few seconds; the default bench takes about 20 minutes.
 */
const COUNTS: Record<"full" | "quick", Record<BodySize, number>> = {
  full: { small: 100_000, large: 10_000, smallPersistent: 20_000, largePersistent: 4_000 },
  quick: { small: 2_000, large: 200, smallPersistent: 500, largePersistent: 100 },
};
type BodySize = "small" | "large" | "smallPersistent" | "largePersistent";
const LATENCY_SECONDS = { full: 5, quick: 1 } as const;

/** `1 KiB`, `64 KiB`, or bytes. */
export function sizeLabel(bytes: number): string {
  return bytes % KIB === 0 ? `${bytes / KIB} KiB` : `${bytes} B`;
}

export function deliveryLabel(persistent: boolean): string {
  return persistent ? "persistent" : "non-persistent";
}

/** The side-by-side comparisons of issue 8, those named by `--only` (all by default). */
export function buildPlan(options: Pick<BenchOptions, "quick" | "repeat" | "only">): BenchPlan {
  const mode = options.quick ? "quick" : "full";
  const counts = COUNTS[mode];
  const config = (
    comparison: ComparisonId,
    broker: BenchBroker,
    client: BenchClient,
    bodySize: number,
    persistent: boolean,
  ): BenchConfig => {
    const size = bodySize === LARGE_BODY ? "large" : "small";
    const count = counts[persistent ? (`${size}Persistent` as const) : size];
    return {
      key: `${comparison} ${broker} ${client} ${sizeLabel(bodySize)} ${deliveryLabel(persistent)}`,
      comparison,
      broker,
      client,
      bodySize,
      persistent,
      count,
      warmupCount: Math.max(1, Math.round(count / 10)),
    };
  };
  const brokers: BenchBroker[] = ["bundled", "qpid-broker-j", "artemis"];
  const workloads = [SMALL_BODY, LARGE_BODY].flatMap((size) =>
    [false, true].map((persistent) => ({ size, persistent })),
  );
  const brokerPeaks = workloads.flatMap(({ size, persistent }) =>
    brokers.map((broker) => config("c", broker, "jms-ts", size, persistent)),
  );
  const all: Comparison[] = [
    {
      id: "a",
      title: "jms-ts against raw rhea through the bundled broker",
      brokers: ["bundled"],
      peak: [
        config("a", "bundled", "jms-ts", SMALL_BODY, false),
        config("a", "bundled", "rhea", SMALL_BODY, false),
      ],
      halfRate: [],
    },
    {
      id: "b",
      title: "jms-ts against Qpid JMS through Qpid Broker-J",
      brokers: ["qpid-broker-j"],
      peak: [
        config("b", "qpid-broker-j", "jms-ts", SMALL_BODY, false),
        config("b", "qpid-broker-j", "qpid-jms", SMALL_BODY, false),
      ],
      halfRate: [],
    },
    {
      id: "c",
      title: "the bundled broker against Qpid Broker-J and ActiveMQ Artemis, with the jms-ts client",
      brokers,
      peak: brokerPeaks,
      halfRate: brokerPeaks.map((peak) => ({
        ...peak,
        key: `${peak.key} half-rate`,
        warmupCount: 0,
        halfRateOf: peak.key,
      })),
    },
  ];
  return {
    comparisons: all.filter((comparison) => options.only.includes(comparison.id)),
    repeat: options.repeat,
    latencySeconds: LATENCY_SECONDS[mode],
    quick: options.quick,
  };
}
