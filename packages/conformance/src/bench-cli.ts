#!/usr/bin/env node
// `npm run bench`: issue 8's side-by-side comparisons, run with jms-perf and written into docs/ (BENCH_USAGE).
import { benchCharts } from "./bench/bench-charts";
import { parseBenchOptions } from "./bench/bench-options";
import { buildPlan } from "./bench/bench-plan";
import { summarize } from "./bench/bench-stats";
import { evaluateTargets } from "./bench/bench-targets";
import { BENCH_USAGE } from "./bench/bench-usage";
import { machineInfo } from "./bench/machine-info";
import { runBench } from "./bench/run-bench";
import { writeResults } from "./bench/write-results";
import { fromPackage } from "./package-root";
import { UsageError } from "./perf/perf-options";

async function main(argv: string[]): Promise<number> {
  let options;
  try {
    options = parseBenchOptions(argv, fromPackage("..", "..", "docs"));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`bench: ${error.message}\n\n${BENCH_USAGE}`);
    return 2;
  }
  if (options.help) {
    console.log(BENCH_USAGE);
    return 0;
  }
  const plan = buildPlan(options);
  const machine = await machineInfo();
  const started = Date.now();
  const records = await runBench(plan, (line) => console.error(line));
  const keys = plan.comparisons.flatMap((comparison) => [...comparison.peak, ...comparison.halfRate]);
  const summaries = new Map(keys.map((config) => [config.key, summarize(config.key, records)]));
  const written = await writeResults(options.out, {
    plan,
    machine,
    records,
    summaries,
    targets: evaluateTargets(summaries),
    charts: benchCharts(plan, summaries),
    elapsedSeconds: (Date.now() - started) / 1000,
  });
  for (const path of written) console.error(`bench: wrote ${path}`);
  const failed = records.filter((record) => !record.ok).length;
  console.error(
    failed === 0 ? "bench: every run succeeded" : `bench: ${failed} of ${records.length} runs failed`,
  );
  return failed === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error("bench: unexpected failure", error);
    process.exit(1);
  },
);
