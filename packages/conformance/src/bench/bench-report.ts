import type { NamedChart } from "./bench-charts";
import { type BenchConfig, type BenchPlan, deliveryLabel, sizeLabel } from "./bench-plan";
import type { ConfigSummary, RunRecord } from "./bench-stats";
import type { TargetOutcome } from "./bench-targets";
import type { MachineInfo } from "./machine-info";

/** Everything a finished bench writes. */
export interface BenchReport {
  readonly plan: BenchPlan;
  readonly machine: MachineInfo;
  readonly records: readonly RunRecord[];
  readonly summaries: ReadonlyMap<string, ConfigSummary>;
  readonly targets: readonly TargetOutcome[];
  readonly charts: readonly NamedChart[];
  readonly elapsedSeconds: number;
}

/** What docs/benchmarks.md shows between the markers before the bench has run. */
export const NOT_RUN_BLOCK = `## Side by side (\`npm run bench\`)

Not run yet: \`npm run bench\` writes the headline ratios and plots here and every number in
[benchmarks/side-by-side.md](benchmarks/side-by-side.md).`;

const whole = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

function num(value: number | undefined, format = whole): string {
  return value === undefined ? "—" : format.format(value);
}

function ratioText(target: TargetOutcome): string {
  if (target.value === undefined) return "—";
  return Number.isFinite(target.value) ? target.value.toFixed(2) : "∞";
}

function targetText(target: TargetOutcome): string {
  const bound = `${target.metric === "p99" ? "≤" : "≥"} ${target.target.toFixed(1)}`;
  return target.aim === undefined ? bound : `${bound} (aim ${target.aim.toFixed(1)})`;
}

function metText(target: TargetOutcome): string {
  if (target.met === undefined) return "not measured (a side failed)";
  if (target.met) return "met";
  if (target.value === undefined || !Number.isFinite(target.value)) return "not met";
  const short = target.metric === "p99" ? target.value / target.target - 1 : 1 - target.value / target.target;
  return `not met, by ${Math.round(short * 100)} %`;
}

/** The ratios table of issue 8's targets. */
export function renderTargets(targets: readonly TargetOutcome[]): string {
  const rows = targets.map(
    (target) => `| ${target.label} | ${ratioText(target)} | ${targetText(target)} | ${metText(target)} |`,
  );
  return ["| Ratio | Measured | Target | |", "|---|---:|---|---|", ...rows].join("\n");
}

function configs(plan: BenchPlan): BenchConfig[] {
  return plan.comparisons.flatMap((comparison) => [...comparison.peak, ...comparison.halfRate]);
}

/** Every configuration's medians, one row each, with its runs and failures. */
export function renderConfigTable(report: BenchReport): string {
  const rows = configs(report.plan).map((config) => {
    const summary = report.summaries.get(config.key);
    const rates = report.records.flatMap((record) =>
      record.config === config.key && record.rate !== undefined ? [record.rate] : [],
    );
    const rate =
      config.halfRateOf === undefined ? "peak" : rates.length ? `${whole.format(rates[0] ?? 0)}/s` : "—";
    const runs = summary ? `${summary.runs - summary.failed}/${summary.runs}` : "0";
    return (
      `| (${config.comparison}) | ${config.broker} | ${config.client} | ${sizeLabel(config.bodySize)} | ` +
      `${deliveryLabel(config.persistent)} | ${rate} | ${runs} | ${num(summary?.throughput)} | ` +
      `${num(summary?.megabytes, oneDecimal)} | ${num(summary?.p50)} | ${num(summary?.p99)} |`
    );
  });
  return [
    "| | Broker | Client | Body | Delivery | Rate | Runs ok | msg/s | MB/s | p50 ms | p99 ms |",
    "|---|---|---|---|---|---|---:|---:|---:|---:|---:|",
    ...rows,
  ].join("\n");
}

function images(charts: readonly NamedChart[], prefix: string): string {
  return charts.map((chart) => `![${chart.alt}](${prefix}${chart.file})`).join("\n\n");
}

/** Failed runs, one line per configuration and reason (a broker that did not start fails all its runs). */
function failures(records: readonly RunRecord[]): string {
  const groups = new Map<string, { config: string; reason: string; runs: string[] }>();
  for (const record of records) {
    if (record.ok) continue;
    const reason = record.reason ?? "failed";
    const key = `${record.config}\n${reason}`;
    const group = groups.get(key) ?? { config: record.config, reason, runs: [] };
    group.runs.push(record.phase === "warmup" ? "warm-up" : `${record.phase} run ${record.round}`);
    groups.set(key, group);
  }
  if (groups.size === 0) return "Every run succeeded.";
  return [...groups.values()]
    .map((group) => `- ${group.config}, ${group.runs.join(", ")}: ${group.reason}`)
    .join("\n");
}

function machineLines(machine: MachineInfo): string {
  const versions = Object.entries(machine.versions)
    .map(([name, version]) => `${name} ${version}`)
    .join(", ");
  return [
    `- ${machine.cores} × ${machine.cpu}, ${machine.memoryGiB} GiB memory`,
    `- Node ${machine.node}; Java: ${machine.java}`,
    `- ${versions}`,
    `- run started ${machine.date}`,
  ].join("\n");
}

/** docs/benchmarks/side-by-side.md: method, machine, targets, every configuration, plots, failures. */
export function renderSideBySide(report: BenchReport): string {
  const { plan } = report;
  const quick = plan.quick
    ? "\n**A `--quick` smoke run: small counts, one run each. These numbers show that the bench works, not how fast anything is.**\n"
    : "";
  return `# Side by side: clients and brokers

Written by \`npm run bench\` (packages/conformance/src/bench-cli.ts); the next run replaces this page and
[side-by-side.json](side-by-side.json) (every run's full \`jms-perf --json\` result). Summary and index:
[../benchmarks.md](../benchmarks.md). The whole run took ${duration(report.elapsedSeconds)}.
${quick}
## Machine

${machineLines(report.machine)}

## Method

- Comparisons: ${plan.comparisons.map((comparison) => `(${comparison.id}) ${comparison.title}`).join("; ")}.
- Each run is a fresh \`node packages/conformance/dist/perf-cli.js URL --queue NAME ... --json\` process
  (\`jms-perf\`, [perf.md](../perf.md)): one producer and one consumer on connections of their own, prefetch
  1000, auto-acknowledge, bodies of \`x\`; jms-ts sends asynchronously with a CompletionListener, rhea counts
  the broker's accepts as quiver's rhea arrow, Qpid JMS runs the same JMS workload in Java. No JIT or GC state
  carries over between runs, and the bench process only waits.
- Brokers start once per comparison, each in a process of its own: the bundled broker as \`jms-broker\` with a
  fresh data directory (persistent messages are fsynced before they are accepted), Qpid Broker-J and
  ActiveMQ Artemis natively on Java, configured as for the conformance suite except that they too sync
  persistent messages to disk before accepting them (Broker-J's Derby store at its default durability,
  Artemis with \`journal-datasync\` true); in (c) all three run at once (the two idle ones take little CPU)
  so that their runs can interleave.
- Every run uses a new queue, so no backlog carries over. Each configuration first gets one unrecorded
  warm-up run (a tenth of its count), which warms the broker.
- Then ${plan.repeat} measured run(s) per configuration, in rounds that run every configuration of a comparison
  once, so drift on the machine hits all alike; the tables give the median of each figure over those runs.
- Messages per measured run: ${countsText(plan)}.
- Throughput is end to end: messages received over first send to last receive. Latency is receive time
  minus the send time carried in each message, in whole ms, over every message.
${halfRateText(plan)}
## Targets (issue 8)

${renderTargets(report.targets)}

Memory (bytes per idle connection and per consumer) is not part of this bench.

## Every configuration

${renderConfigTable(report)}

## Plots

${images(report.charts, "")}

## Failures

${failures(report.records)}
`;
}

function duration(seconds: number): string {
  return seconds < 120 ? `${Math.round(seconds)} s` : `${Math.round(seconds / 60)} min`;
}

function halfRateText(plan: BenchPlan): string {
  if (!plan.comparisons.some((comparison) => comparison.halfRate.length > 0)) return "";
  return (
    "- Half rate: for each broker and workload in (c), runs with `--rate` at half that configuration's median\n" +
    `  peak (each broker at half its own peak; the Rate column gives it), for about ${plan.latencySeconds} s, so the\n` +
    "  consumer keeps up and p99 measures the broker rather than a backlog. A msg/s below the rate means it did not.\n"
  );
}

function countsText(plan: BenchPlan): string {
  const byWorkload = new Map(
    configs(plan).map((config) => [
      `${sizeLabel(config.bodySize)} ${deliveryLabel(config.persistent)}`,
      config.count,
    ]),
  );
  return [...byWorkload].map(([workload, count]) => `${whole.format(count)} × ${workload}`).join(", ");
}

/** The block between the markers in docs/benchmarks.md: headline ratios and plots. */
export function renderHeadlineBlock(report: BenchReport): string {
  const quick = report.plan.quick ? " A `--quick` smoke run: the numbers mean little." : "";
  return `## Side by side (\`npm run bench\`)

From the run started ${report.machine.date} on ${report.machine.cores} × ${report.machine.cpu}, Node
${report.machine.node}, median of ${report.plan.repeat} run(s) each.${quick} Method, every configuration and
failures: [benchmarks/side-by-side.md](benchmarks/side-by-side.md).

${renderTargets(report.targets)}

${images(report.charts, "benchmarks/")}`;
}
