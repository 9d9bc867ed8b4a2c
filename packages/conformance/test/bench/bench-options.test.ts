import { describe, expect, it } from "vitest";
import { parseBenchOptions } from "../../src/bench/bench-options";
import { BENCH_USAGE } from "../../src/bench/bench-usage";
import { UsageError } from "../../src/perf/perf-options";

const parse = (...argv: string[]) => parseBenchOptions(argv, "/repo/docs");

describe("parseBenchOptions", () => {
  it("defaults: every comparison, 3 runs each, the repository's docs", () => {
    expect(parse()).toEqual({
      quick: false,
      repeat: 3,
      only: ["a", "b", "c"],
      out: "/repo/docs",
      help: false,
    });
  });

  it("--quick means one run unless --repeat says otherwise", () => {
    expect(parse("--quick")).toMatchObject({ quick: true, repeat: 1 });
    expect(parse("--quick", "--repeat", "2")).toMatchObject({ quick: true, repeat: 2 });
  });

  it("--only keeps plan order and drops duplicates", () => {
    expect(parse("--only", "c,a").only).toEqual(["a", "c"]);
    expect(parse("--only", "b, b").only).toEqual(["b"]);
  });

  it("--out and --help", () => {
    expect(parse("--out", "/tmp/docs", "--help")).toMatchObject({ out: "/tmp/docs", help: true });
  });

  it.each([
    [["--repeat", "0"], "--repeat must be a whole number >= 1, got 0"],
    [["--repeat", "two"], "--repeat must be a whole number >= 1, got two"],
    [["--only", "a,d"], "--only takes a comma-separated list of a, b, c, got a,d"],
    [["--only", ","], "--only takes a comma-separated list of a, b, c, got ,"],
    [["--out", " "], "--out must not be empty"],
    [["--fast"], "Unknown option '--fast'"],
    [["positional"], "positional"],
  ])("%j is a usage error: %s", (argv, message) => {
    expect(() => parse(...argv)).toThrow(UsageError);
    expect(() => parse(...argv)).toThrow(message);
  });

  it("the usage names every flag the parser takes", () => {
    for (const flag of ["--quick", "--repeat", "--only", "--out", "--help"])
      expect(BENCH_USAGE).toContain(flag);
  });
});
