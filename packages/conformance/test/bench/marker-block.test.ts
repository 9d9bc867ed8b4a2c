import { describe, expect, it } from "vitest";
import { BENCH_END, BENCH_START, replaceMarkedBlock } from "../../src/bench/marker-block";

describe("replaceMarkedBlock", () => {
  const document = `# Benchmarks\n\nbefore\n\n${BENCH_START}\nold\nlines\n${BENCH_END}\n\nafter\n`;

  it("replaces only what is between the markers, keeping them", () => {
    expect(replaceMarkedBlock(document, "new block\n")).toBe(
      `# Benchmarks\n\nbefore\n\n${BENCH_START}\nnew block\n${BENCH_END}\n\nafter\n`,
    );
  });

  it("replacing twice gives the same document as once", () => {
    const once = replaceMarkedBlock(document, "x");
    expect(replaceMarkedBlock(replaceMarkedBlock(document, "y"), "x")).toBe(once);
  });

  it("appends a marked block to a document without one, or makes one from nothing", () => {
    expect(replaceMarkedBlock("# T\n", "x")).toBe(`# T\n\n${BENCH_START}\nx\n${BENCH_END}\n`);
    expect(replaceMarkedBlock("", "x")).toBe(`${BENCH_START}\nx\n${BENCH_END}\n`);
  });

  it.each([
    `${BENCH_END}\n${BENCH_START}`,
    `${BENCH_START} only`,
    `${BENCH_START}\n${BENCH_END}\n${BENCH_START}\n${BENCH_END}`,
  ])("refuses markers out of order or repeated: %j", (bad) => {
    expect(() => replaceMarkedBlock(bad, "x")).toThrow(
      `expected one ${BENCH_START} followed by one ${BENCH_END}`,
    );
  });
});
