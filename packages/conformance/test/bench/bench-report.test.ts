import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { benchCharts } from "../../src/bench/bench-charts";
import { buildPlan } from "../../src/bench/bench-plan";
import {
  NOT_RUN_BLOCK,
  renderHeadlineBlock,
  renderSideBySide,
  type BenchReport,
} from "../../src/bench/bench-report";
import { type RunRecord, summarize } from "../../src/bench/bench-stats";
import { evaluateTargets } from "../../src/bench/bench-targets";
import { BENCH_END, BENCH_START } from "../../src/bench/marker-block";
import { writeResults } from "../../src/bench/write-results";
import type { PerfResult } from "../../src/perf/perf-result";

const small = "1 KiB non-persistent";

function ok(config: string, throughput: number, p99: number): RunRecord {
  const result = { throughput, throughput_megabytes: (throughput * 1024) / 1e6, latency: { p50: 3, p99 } };
  return { config, phase: "peak", round: 1, queue: "q", ok: true, result: result as PerfResult };
}

function report(): BenchReport {
  const plan = buildPlan({ quick: false, repeat: 1, only: ["a", "b"] });
  const records: RunRecord[] = [
    ok(`a bundled jms-ts ${small}`, 18_000, 40),
    ok(`a bundled rhea ${small}`, 24_000, 30),
    ok(`b qpid-broker-j jms-ts ${small}`, 9_000, 50),
    ...[1, 2].map((round): RunRecord => ({
      config: `b qpid-broker-j qpid-jms ${small}`,
      phase: "peak",
      round,
      queue: "q",
      ok: false,
      reason: "no jar",
    })),
  ];
  const keys = plan.comparisons.flatMap((comparison) => comparison.peak.map((config) => config.key));
  const summaries = new Map(keys.map((key) => [key, summarize(key, records)]));
  return {
    plan,
    machine: {
      date: "2026-11-23T09:00:00.000Z",
      cpu: "AMD EPYC",
      cores: 2,
      memoryGiB: 24,
      node: "v20.20.2",
      java: 'openjdk version "17.0.15"',
      versions: { "bundled broker": "0.1.0", rhea: "3.0.5" },
    },
    records,
    summaries,
    targets: evaluateTargets(summaries),
    charts: benchCharts(plan, summaries),
    elapsedSeconds: 600,
  };
}

describe("the side-by-side report", () => {
  it("the page has the machine, every configuration's medians, the targets with met or not, and failures", () => {
    const page = renderSideBySide(report());
    expect(page).toContain("- 2 × AMD EPYC, 24 GiB memory");
    expect(page).toContain('Java: openjdk version "17.0.15"');
    expect(page).toContain(
      "| (a) | bundled | jms-ts | 1 KiB | non-persistent | peak | 1/1 | 18,000 | 18.4 | 3 | 40 |",
    );
    expect(page).toContain(
      "| (b) | qpid-broker-j | qpid-jms | 1 KiB | non-persistent | peak | 0/2 | — | — | — | — |",
    );
    expect(page).toContain(
      `| jms-ts / raw rhea, bundled broker, ${small} | 0.75 | ≥ 1.0 (aim 1.2) | not met, by 25 % |`,
    );
    expect(page).toContain(
      `| jms-ts / Qpid JMS, Broker-J, ${small} | — | ≥ 1.0 | not measured (a side failed) |`,
    );
    expect(page).toContain(`- b qpid-broker-j qpid-jms ${small}, peak run 1, peak run 2: no jar`);
    expect(page).toContain("![Throughput by client](side-by-side-clients.svg)");
    expect(page).not.toContain("--quick");
  });

  it("the headline block links the page and the plots from docs/", () => {
    const block = renderHeadlineBlock(report());
    expect(block).toContain("[benchmarks/side-by-side.md](benchmarks/side-by-side.md)");
    expect(block).toContain("![Throughput by client](benchmarks/side-by-side-clients.svg)");
    expect(block).toContain("| jms-ts / raw rhea, bundled broker,");
  });

  it("writeResults writes the page, the JSON of every run, the plots, and replaces the marked block", async () => {
    const out = await mkdtemp(join(tmpdir(), "bench-report-"));
    await writeFile(
      join(out, "benchmarks.md"),
      `# B\n\n${BENCH_START}\n${NOT_RUN_BLOCK}\n${BENCH_END}\n\n## Tail\n`,
    );
    const written = await writeResults(out, report());
    expect(written.map((path) => path.slice(out.length + 1)).sort()).toEqual([
      "benchmarks.md",
      "benchmarks/side-by-side-clients.svg",
      "benchmarks/side-by-side.json",
      "benchmarks/side-by-side.md",
    ]);
    const index = await readFile(join(out, "benchmarks.md"), "utf8");
    expect(index).not.toContain("Not run yet");
    expect(index).toMatch(
      /^# B\n\n<!-- bench:start -->\n## Side by side[\s\S]*<!-- bench:end -->\n\n## Tail\n$/,
    );
    const json = JSON.parse(await readFile(join(out, "benchmarks", "side-by-side.json"), "utf8")) as {
      runs: RunRecord[];
    };
    expect(json.runs).toHaveLength(5);
    expect(json.runs[4]).toMatchObject({ ok: false, reason: "no jar" });
  });
});
