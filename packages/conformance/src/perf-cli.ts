#!/usr/bin/env node
// `jms-perf [URL] [options]`: a producer-to-consumer benchmark (see PERF_USAGE and docs/perf.md).
import { oneLine } from "./harness/one-line";
import { parsePerfOptions, UsageError } from "./perf/perf-options";
import { PERF_USAGE } from "./perf/perf-usage";
import { renderTable } from "./perf/render-table";
import { runPerf } from "./perf/run-perf";

async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help")) {
    console.log(PERF_USAGE);
    return 0;
  }
  let options;
  try {
    options = parsePerfOptions(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`jms-perf: ${error.message}\n\n${PERF_USAGE}`);
    return 2;
  }
  try {
    const result = await runPerf(options, (line) => console.error(line));
    console.log(options.json ? JSON.stringify(result) : renderTable(result));
    return 0;
  } catch (error) {
    console.error(`jms-perf: ${oneLine(error)}`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error("jms-perf: unexpected failure", error);
    process.exit(1);
  },
);
