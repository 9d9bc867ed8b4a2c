import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { renderHeadlineBlock, renderSideBySide, type BenchReport } from "./bench-report";
import { replaceMarkedBlock } from "./marker-block";
import { renderBarChart } from "./svg-bar-chart";

/**
 * Writes the report into the docs directory `out`: benchmarks/side-by-side.md, .json and the plots, and the
 * marked block of benchmarks.md (created holding just the block if missing). Returns the paths written.
 */
export async function writeResults(out: string, report: BenchReport): Promise<string[]> {
  const dir = join(out, "benchmarks");
  await mkdir(dir, { recursive: true });
  const files: [string, string][] = [
    [join(dir, "side-by-side.md"), renderSideBySide(report)],
    [join(dir, "side-by-side.json"), `${JSON.stringify(jsonOf(report), null, 2)}\n`],
    ...report.charts.map((chart): [string, string] => [join(dir, chart.file), renderBarChart(chart.chart)]),
  ];
  const index = join(out, "benchmarks.md");
  const before = existsSync(index) ? await readFile(index, "utf8") : "";
  files.push([index, replaceMarkedBlock(before, renderHeadlineBlock(report))]);
  for (const [path, text] of files) await writeFile(path, text);
  return files.map(([path]) => path);
}

function jsonOf(report: BenchReport) {
  return {
    machine: report.machine,
    repeat: report.plan.repeat,
    quick: report.plan.quick,
    elapsed_seconds: report.elapsedSeconds,
    comparisons: report.plan.comparisons,
    summaries: [...report.summaries.values()],
    targets: report.targets,
    runs: report.records,
  };
}
