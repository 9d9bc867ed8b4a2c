import { type BenchPlan, deliveryLabel, LARGE_BODY, sizeLabel, SMALL_BODY } from "./bench-plan";
import type { ConfigSummary } from "./bench-stats";
import type { BarChart, BarGroup } from "./svg-bar-chart";

/** A plot of the report: its file name (in docs/benchmarks/) and its chart. */
export interface NamedChart {
  readonly file: string;
  readonly alt: string;
  readonly chart: BarChart;
}

const BROKER_NAMES: Record<string, string> = {
  bundled: "bundled",
  "qpid-broker-j": "Broker-J",
  artemis: "Artemis",
};

/**
 * The plots for the comparisons in `plan`: client throughput ((a) and (b) together), broker throughput per
 * body size, and p99 latency at half of peak rate.
 */
export function benchCharts(plan: BenchPlan, summaries: ReadonlyMap<string, ConfigSummary>): NamedChart[] {
  const charts: NamedChart[] = [];
  const clientGroups: BarGroup[] = plan.comparisons
    .filter((comparison) => comparison.id !== "c")
    .map((comparison) => ({
      label: `(${comparison.id}) ${comparison.brokers[0] === "bundled" ? "bundled broker" : (BROKER_NAMES[comparison.brokers[0] ?? ""] ?? "")}, 1 KiB non-persistent`,
      bars: comparison.peak.map((config) => ({
        series: config.client,
        value: summaries.get(config.key)?.throughput,
      })),
    }));
  if (clientGroups.length > 0)
    charts.push({
      file: "side-by-side-clients.svg",
      alt: "Throughput by client",
      chart: { title: "Clients: end-to-end throughput", unit: "msg/s", groups: clientGroups },
    });
  const brokers = plan.comparisons.find((comparison) => comparison.id === "c");
  if (!brokers) return charts;
  const byWorkload = (configs: typeof brokers.peak, size: number, metric: "throughput" | "p99"): BarGroup[] =>
    [false, true].map((persistent) => ({
      label: `${sizeLabel(size)} ${deliveryLabel(persistent)}`,
      bars: configs
        .filter((config) => config.bodySize === size && config.persistent === persistent)
        .map((config) => ({
          series: BROKER_NAMES[config.broker] ?? config.broker,
          value: summaries.get(config.key)?.[metric],
        })),
    }));
  for (const size of [SMALL_BODY, LARGE_BODY])
    charts.push({
      file: `side-by-side-brokers-${size / 1024}k.svg`,
      alt: `Throughput by broker, ${sizeLabel(size)} bodies`,
      chart: {
        title: `Brokers with the jms-ts client: throughput, ${sizeLabel(size)} bodies`,
        unit: "msg/s",
        groups: byWorkload(brokers.peak, size, "throughput"),
      },
    });
  charts.push({
    file: "side-by-side-p99.svg",
    alt: "p99 latency at half of peak rate by broker",
    chart: {
      title: "Brokers: p99 latency at half of each one's peak rate (lower is better)",
      unit: "ms",
      groups: [SMALL_BODY, LARGE_BODY].flatMap((size) => byWorkload(brokers.halfRate, size, "p99")),
    },
  });
  return charts;
}
