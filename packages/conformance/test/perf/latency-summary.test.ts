import { describe, expect, it } from "vitest";
import { percentile, summarizeLatency } from "../../src/perf/latency-summary";

const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);

describe("latency percentiles (nearest rank)", () => {
  it("of 1..100 are the ranks themselves", () => {
    expect(percentile(oneToHundred, 0.5)).toBe(50);
    expect(percentile(oneToHundred, 0.9)).toBe(90);
    expect(percentile(oneToHundred, 0.99)).toBe(99);
    expect(percentile(oneToHundred, 0.999)).toBe(100);
    expect(percentile(oneToHundred, 1)).toBe(100);
    expect(percentile(oneToHundred, 0)).toBe(1);
  });

  it("of a single sample is that sample at every fraction", () => {
    for (const fraction of [0, 0.5, 0.999, 1]) expect(percentile([7], fraction)).toBe(7);
  });

  it("p99.9 of 2000 samples is the 1998th smallest", () => {
    const values = Array.from({ length: 2000 }, (_, i) => i);
    expect(percentile(values, 0.999)).toBe(1997);
  });

  it("refuses no samples and fractions outside 0..1", () => {
    expect(() => percentile([], 0.5)).toThrow(RangeError);
    expect(() => percentile([1], 1.5)).toThrow("fraction must be in 0..1, got 1.5");
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });

  it("summarises unsorted samples with quiver's quartiles and nines", () => {
    const shuffled = [...oneToHundred].reverse();
    const summary = summarizeLatency(shuffled);
    expect(summary).toMatchObject({
      samples: 100,
      average: 50.5,
      p50: 50,
      p90: 90,
      p99: 99,
      p999: 100,
      max: 100,
    });
    expect(summary.quartiles).toEqual([1, 25, 50, 75, 100]);
    expect(summary.nines).toEqual([90, 99, 100, 100, 100]);
    // The caller's array is left as it was.
    expect(shuffled[0]).toBe(100);
  });

  it("sorts numerically, not as text", () => {
    expect(summarizeLatency([10, 9, 100, 2]).max).toBe(100);
    expect(summarizeLatency([10, 9, 100, 2]).p50).toBe(9);
  });

  it("is all zero without samples", () => {
    expect(summarizeLatency([])).toMatchObject({ samples: 0, p50: 0, p99: 0, max: 0, average: 0 });
  });
});
