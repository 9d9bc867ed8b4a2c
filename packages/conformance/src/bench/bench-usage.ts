/** `bench --help`. Kept true by bench-options.test.ts. */
export const BENCH_USAGE = `Usage: npm run bench -- [options]
       node packages/conformance/dist/bench-cli.js [options]

Runs issue 8's side-by-side comparisons with jms-perf, each run a fresh child process
(node dist/perf-cli.js URL --queue NEW --json), and writes the results with plots:
  (a) jms-ts against raw rhea through the bundled broker, 1 KiB non-persistent
  (b) jms-ts against Qpid JMS (Java) through Qpid Broker-J, the same workload
  (c) the bundled broker against Broker-J and Artemis with jms-ts: non-persistent and
      persistent, 1 KiB and 64 KiB, at peak rate and at half of it (for p99 latency)
Brokers start once per comparison (the bundled one in its own process, the Java ones
natively); every run uses a new queue. Each configuration gets an unrecorded warm-up run,
then its measured runs, interleaved with the configurations it is compared with; the
report gives the median.

Options:
  --quick        small counts and one run per configuration: a smoke test
  --repeat N     measured runs per configuration (default 3, --quick 1)
  --only LIST    comparisons to run, e.g. --only a,c (default a,b,c)
  --out DIR      docs directory to write (default the repository's docs/):
                 DIR/benchmarks/side-by-side.md, .json and *.svg, and the block
                 between <!-- bench:start --> and <!-- bench:end --> in DIR/benchmarks.md
  --help         print this help

Progress goes to stderr. Exit status: 0 when every run succeeded, 1 when any run or broker
failed (the report records each failure with its reason), 2 on a usage error.`;
