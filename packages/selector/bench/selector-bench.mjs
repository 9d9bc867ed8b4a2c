// Parse and evaluation throughput of @jms-ts/selector, the broker's per-message, per-consumer cost of a
// selector. Run after `npm run build`: `node packages/selector/bench/selector-bench.mjs`. Prints a table and
// writes docs/benchmarks/selector.md. A benchmark, not a test: nothing here asserts a time.
import { writeFileSync, mkdirSync } from "node:fs";
import { cpus } from "node:os";
import { parseSelector } from "../dist/index.js";

const SELECTORS = [
  ["one property", "colour = 'red'"],
  ["header and properties", "JMSType IN ('alpha', 'beta') AND JMSPriority BETWEEN 4 AND 6 AND i >= 2"],
  ["arithmetic", "i * 2 + l / 3 > 100.5"],
  ["LIKE with escape", "s LIKE 'a!_%' ESCAPE '!'"],
  ["missing property (unknown)", "absent > 1 OR NOT (other IS NOT NULL)"],
];
const MESSAGES = Array.from({ length: 1024 }, (_, k) => ({
  colour: k % 3 === 0 ? "red" : "blue",
  JMSType: ["alpha", "beta", "gamma"][k % 3],
  JMSPriority: k % 10,
  i: k,
  l: BigInt(k) * 1000n,
  s: k % 2 ? "a_b" : "abc",
}));
const lookups = MESSAGES.map((m) => (name) => m[name]);

/** Runs `work` in rounds for about `ms` milliseconds; returns operations per second. */
function measure(work, operationsPerRound, ms = 1000) {
  for (let i = 0; i < 50; i++) work(); // warm up the JIT
  let rounds = 0;
  const start = process.hrtime.bigint();
  const stop = start + BigInt(ms) * 1_000_000n;
  let now = start;
  while (now < stop) {
    work();
    rounds++;
    now = process.hrtime.bigint();
  }
  return (rounds * operationsPerRound) / (Number(now - start) / 1e9);
}

const rows = [];
for (const [name, text] of SELECTORS) {
  const selector = parseSelector(text);
  // The selected count is printed, so the evaluations cannot be optimised away.
  const selected = lookups.filter((lookup) => selector.matches(lookup)).length;
  let sink = 0;
  const parses = measure(() => parseSelector(text), 1);
  const evaluations = measure(() => {
    for (const lookup of lookups) if (selector.matches(lookup)) sink++;
  }, lookups.length);
  if (sink === 0 && selected > 0) throw new Error("the evaluation loop selected nothing");
  rows.push({ name, text, parses, evaluations, selected });
  process.stdout.write(`measured ${name}\n`);
}

const format = (n) => Math.round(n).toLocaleString("en-US");
const table = [
  "| Selector | Text | Selects | Parses/s | Evaluations/s |",
  "| --- | --- | ---: | ---: | ---: |",
  ...rows.map(
    (r) =>
      `| ${r.name} | \`${r.text}\` | ${r.selected}/${lookups.length} | ${format(r.parses)} | ${format(r.evaluations)} |`,
  ),
].join("\n");
const machine = `${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}`;
console.log(`\n${table}\n\n${machine}`);
mkdirSync(new URL("../../../docs/benchmarks/", import.meta.url), { recursive: true });
writeFileSync(
  new URL("../../../docs/benchmarks/selector.md", import.meta.url),
  `# Selector benchmark

\`node packages/selector/bench/selector-bench.mjs\` after \`npm run build\`: parsing once per consumer, and
evaluating once per message and consumer over 1,024 messages whose properties are plain values (what the
broker's lookup returns). One run on ${machine}, ${new Date().toISOString().slice(0, 10)}.

${table}
`,
);
