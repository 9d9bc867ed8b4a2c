// `npm run conformance [-- --target NAME ...] [--via native|container] [--case PREFIX] [--write-docs]`
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { allCases } from "./cases/index";
import { failures } from "./harness/outcome";
import { renderMarkdown } from "./harness/report";
import { fromPackage } from "./package-root";
import { runSuite } from "./harness/run-suite";
import type { Via } from "./harness/target";
import { allTargets, selectTargets } from "./targets/index";

const USAGE = `Usage: npm run conformance -- [options]

Runs the JMS behaviour suite on real brokers and prints the matrix (case by target).

Options:
  --target NAME   run only this target (repeatable); default: every target
  --via WAY       only targets run this way: in-process, native, container, external
  --case PREFIX   only cases whose id starts with PREFIX (repeatable)
  --write-docs    write docs/conformance.md and docs/conformance.json (default when no --target/--case)
  --help          print this help

Exit status: 0 when every claimed capability passed, 1 on any failure or a broker that did not start,
2 on a usage error.`;

const VIAS: readonly Via[] = ["in-process", "native", "container", "external"];

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        target: { type: "string", multiple: true },
        via: { type: "string" },
        case: { type: "string", multiple: true },
        "write-docs": { type: "boolean" },
        help: { type: "boolean" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    console.error(`conformance: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(
      `${USAGE}\n\nTargets: ${allTargets()
        .map((t) => `${t.name} (${t.via})`)
        .join(", ")}`,
    );
    return 0;
  }
  const via = values.via as Via | undefined;
  if (via && !VIAS.includes(via)) {
    console.error(`conformance: --via must be one of ${VIAS.join(", ")}`);
    return 2;
  }
  const names = (values.target ?? []).flatMap((t) => t.split(","));
  let targets;
  try {
    targets = selectTargets(names, via);
  } catch (error) {
    console.error(`conformance: ${(error as Error).message}`);
    return 2;
  }
  const prefixes = values.case ?? [];
  const cases = allCases.filter((c) => prefixes.length === 0 || prefixes.some((p) => c.id.startsWith(p)));
  if (targets.length === 0 || cases.length === 0) {
    console.error("conformance: nothing to run (no target or no case matches)");
    return 2;
  }

  console.log(`conformance: ${cases.length} cases on ${targets.map((t) => t.id).join(", ")}`);
  const result = await runSuite(targets, cases, (line) => console.log(line));
  const markdown = renderMarkdown(result);
  console.log(`\n${markdown}`);
  const writeDocs = values["write-docs"] ?? (names.length === 0 && prefixes.length === 0 && !via);
  if (writeDocs) {
    const docs = fromPackage("..", "..", "docs");
    mkdirSync(docs, { recursive: true });
    writeFileSync(join(docs, "conformance.md"), markdown);
    writeFileSync(join(docs, "conformance.json"), `${JSON.stringify(result, null, 2)}\n`);
    console.log("conformance: wrote docs/conformance.md and docs/conformance.json");
  }
  const failed = failures(result);
  const outcomes = result.targets.flatMap((t) => Object.values(t.cases));
  const count = (status: string) => outcomes.filter((o) => o.status === status).length;
  console.log(`conformance: ${count("pass")} passed, ${count("fail")} failed, ${count("skip")} skipped`);
  for (const line of failed) console.log(`  FAILED ${line}`);
  return failed.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error("conformance: unexpected failure", error);
    process.exit(1);
  },
);
