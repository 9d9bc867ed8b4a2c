import { parseArgs } from "node:util";
import { integer, UsageError } from "../perf/perf-options";
import { COMPARISON_IDS, type ComparisonId } from "./bench-plan";

/** A `bench` command line, checked, with every default filled in. */
export interface BenchOptions {
  /** Small counts and one repetition: a smoke test whose numbers mean little. */
  readonly quick: boolean;
  /** Measured runs per configuration. */
  readonly repeat: number;
  /** The comparisons to run, in plan order. */
  readonly only: readonly ComparisonId[];
  /** The docs directory: `benchmarks.md` and `benchmarks/side-by-side.*` are written in it. */
  readonly out: string;
  readonly help: boolean;
}

const DEFAULT_REPEAT = 3;

/**
 * Parses `bench` arguments (without `node` and the script); `defaultOut` is the repository's docs directory.
 * @throws UsageError naming the bad flag or value and what is allowed.
 */
export function parseBenchOptions(argv: readonly string[], defaultOut: string): BenchOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        quick: { type: "boolean" },
        repeat: { type: "string" },
        only: { type: "string" },
        out: { type: "string" },
        help: { type: "boolean" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const quick = values.quick ?? false;
  const repeat = integer("--repeat", values.repeat, quick ? 1 : DEFAULT_REPEAT, 1);
  if (values.out !== undefined && values.out.trim() === "") throw new UsageError("--out must not be empty");
  return {
    quick,
    repeat,
    only: values.only === undefined ? COMPARISON_IDS : parseOnly(values.only),
    out: values.out ?? defaultOut,
    help: values.help ?? false,
  };
}

function parseOnly(text: string): ComparisonId[] {
  const names = text
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !(COMPARISON_IDS as readonly string[]).includes(name));
  if (names.length === 0 || unknown.length > 0)
    throw new UsageError(`--only takes a comma-separated list of ${COMPARISON_IDS.join(", ")}, got ${text}`);
  return COMPARISON_IDS.filter((id) => names.includes(id));
}
