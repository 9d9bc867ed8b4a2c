import { oneLine } from "../harness/one-line";
import type { Log } from "../harness/target";
import { type StartedBroker, startBenchBroker } from "./bench-brokers";
import { type BenchConfig, type BenchPlan, type Comparison, deliveryLabel, sizeLabel } from "./bench-plan";
import { type BenchStep, halfRateSteps, peakSteps, totalSteps } from "./bench-schedule";
import { type RunRecord, summarize } from "./bench-stats";
import { type ChildOutcome, runPerfChild } from "./perf-child";

/** How the bench starts brokers and runs jms-perf; tests swap these for fakes. */
export interface BenchRuntime {
  startBroker(name: StartedBroker["name"], log: Log): Promise<StartedBroker>;
  runPerf(args: readonly string[]): Promise<ChildOutcome>;
}

export const realRuntime: BenchRuntime = {
  startBroker: startBenchBroker,
  runPerf: (args) => runPerfChild(args),
};

const format = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/**
 * Runs every step of `plan`, comparison by comparison: starts its brokers, runs its warm-ups and measured
 * peak rounds, then its half-rate rounds at half of each median peak, and stops the brokers. A broker that
 * does not start fails its runs with that reason; a failed run is recorded and the bench goes on.
 */
export async function runBench(
  plan: BenchPlan,
  log: Log,
  runtime: BenchRuntime = realRuntime,
): Promise<RunRecord[]> {
  const records: RunRecord[] = [];
  const total = totalSteps(plan);
  const stamp = Date.now().toString(36);
  let done = 0;
  const run = async (step: BenchStep, brokers: ReadonlyMap<string, StartedBroker | Error>, rate?: number) => {
    done++;
    const { config } = step;
    const queue = `bench-${stamp}-${done}`;
    const prefix = `[${done}/${total}] ${describe(config)} ${stepLabel(step, plan.repeat)}`;
    const broker = brokers.get(config.broker);
    const outcome: ChildOutcome =
      broker === undefined || broker instanceof Error
        ? { ok: false, reason: broker?.message ?? `${config.broker} was not started` }
        : await runtime.runPerf(perfArgs(config, step, broker, queue, rate, plan.latencySeconds));
    records.push({
      config: config.key,
      phase: step.phase,
      round: step.round,
      queue,
      ...(rate === undefined ? {} : { rate }),
      ...(outcome.ok ? { ok: true, result: outcome.result } : { ok: false, reason: outcome.reason }),
    });
    log(
      outcome.ok
        ? `${prefix} ... ${format.format(outcome.result.throughput)} msg/s, p99 ${outcome.result.latency.p99} ms`
        : `${prefix} ... failed: ${outcome.reason}`,
    );
  };
  for (const comparison of plan.comparisons) {
    log(`bench: (${comparison.id}) ${comparison.title}`);
    const brokers = await startBrokers(comparison, log, runtime);
    try {
      for (const step of peakSteps(comparison, plan.repeat)) await run(step, brokers);
      for (const step of halfRateSteps(comparison, plan.repeat)) {
        const peak =
          step.config.halfRateOf === undefined ? undefined : summarize(step.config.halfRateOf, records);
        const rate =
          peak?.throughput === undefined ? undefined : Math.max(1, Math.round(peak.throughput / 2));
        if (rate === undefined) {
          done++;
          const reason = `no peak rate to halve: ${peak?.reason ?? "the peak runs failed"}`;
          records.push({
            config: step.config.key,
            phase: step.phase,
            round: step.round,
            queue: "",
            ok: false,
            reason,
          });
          log(
            `[${done}/${total}] ${describe(step.config)} ${stepLabel(step, plan.repeat)} ... skipped: ${reason}`,
          );
        } else {
          await run(step, brokers, rate);
        }
      }
    } finally {
      for (const broker of brokers.values()) if (!(broker instanceof Error)) await broker.stop();
    }
  }
  return records;
}

async function startBrokers(
  comparison: Comparison,
  log: Log,
  runtime: BenchRuntime,
): Promise<Map<string, StartedBroker | Error>> {
  const brokers = new Map<string, StartedBroker | Error>();
  for (const name of comparison.brokers) {
    log(`bench: starting ${name}`);
    try {
      brokers.set(name, await runtime.startBroker(name, log));
    } catch (error) {
      const failure = new Error(oneLine(error));
      log(`bench: ${failure.message}`);
      brokers.set(name, failure);
    }
  }
  return brokers;
}

/** The jms-perf arguments of one run (without `--json`, which runPerfChild adds). */
export function perfArgs(
  config: BenchConfig,
  step: BenchStep,
  broker: Pick<StartedBroker, "url" | "queueName">,
  queue: string,
  rate: number | undefined,
  latencySeconds: number,
): string[] {
  const count =
    step.phase === "warmup"
      ? config.warmupCount
      : rate === undefined
        ? config.count
        : Math.min(config.count, Math.max(100, Math.round(rate * latencySeconds)));
  return [
    broker.url,
    "--queue",
    broker.queueName(queue),
    "--client",
    config.client,
    "--count",
    String(count),
    "--body-size",
    String(config.bodySize),
    ...(config.persistent ? ["--persistent"] : []),
    ...(rate === undefined ? [] : ["--rate", String(rate)]),
  ];
}

/** `bundled jms-ts 1 KiB persistent`, for progress lines. */
export function describe(config: BenchConfig): string {
  return `${config.broker} ${config.client} ${sizeLabel(config.bodySize)} ${deliveryLabel(config.persistent)}`;
}

function stepLabel(step: BenchStep, repeat: number): string {
  if (step.phase === "warmup") return "warm-up";
  return `${step.phase === "half-rate" ? "half rate " : ""}run ${step.round}/${repeat}`;
}
