import { describe, expect, it } from "vitest";
import { median, ratio, type RunRecord, summarize } from "../../src/bench/bench-stats";
import { evaluateTargets } from "../../src/bench/bench-targets";
import type { PerfResult } from "../../src/perf/perf-result";

function result(throughput: number, p99: number): PerfResult {
  return {
    throughput,
    throughput_megabytes: throughput / 1000,
    latency: { p50: p99 / 2, p99 },
  } as PerfResult;
}

function record(config: string, phase: RunRecord["phase"], throughput: number, p99 = 10): RunRecord {
  return { config, phase, round: 1, queue: "q", ok: true, result: result(throughput, p99) };
}

describe("median and ratio", () => {
  it("median of odd and even counts, unsorted input", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(() => median([])).toThrow(RangeError);
  });

  it("ratio, with a missing side and zero denominators", () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(undefined, 2)).toBeUndefined();
    expect(ratio(0, 0)).toBe(1);
    expect(ratio(5, 0)).toBe(Infinity);
  });
});

describe("summarize", () => {
  it("medians over the measured runs, leaving out warm-ups, other configurations and failures", () => {
    const records: RunRecord[] = [
      record("x", "warmup", 1),
      record("x", "peak", 100, 8),
      record("x", "peak", 300, 20),
      record("x", "peak", 200, 12),
      record("y", "peak", 5000),
      { config: "x", phase: "peak", round: 4, queue: "q", ok: false, reason: "stalled" },
    ];
    expect(summarize("x", records)).toEqual({
      config: "x",
      runs: 4,
      failed: 1,
      throughput: 200,
      megabytes: 0.2,
      p50: 6,
      p99: 12,
      reason: "stalled",
    });
  });

  it("a configuration whose runs all failed has no figures", () => {
    const summary = summarize("x", [
      { config: "x", phase: "peak", round: 1, queue: "q", ok: false, reason: "no" },
    ]);
    expect(summary).toEqual({ config: "x", runs: 1, failed: 1, reason: "no" });
  });
});

describe("evaluateTargets", () => {
  const small = "1 KiB non-persistent";
  it("throughput ratios must reach the target, p99 ratios must stay under it", () => {
    const summaries = new Map(
      [
        summarize(`a bundled jms-ts ${small}`, [record(`a bundled jms-ts ${small}`, "peak", 1100)]),
        summarize(`a bundled rhea ${small}`, [record(`a bundled rhea ${small}`, "peak", 1000)]),
        summarize(`c bundled jms-ts ${small} half-rate`, [
          record(`c bundled jms-ts ${small} half-rate`, "half-rate", 1, 30),
        ]),
        summarize(`c artemis jms-ts ${small} half-rate`, [
          record(`c artemis jms-ts ${small} half-rate`, "half-rate", 1, 20),
        ]),
        summarize(`c qpid-broker-j jms-ts ${small} half-rate`, [
          {
            config: `c qpid-broker-j jms-ts ${small} half-rate`,
            phase: "half-rate",
            round: 1,
            queue: "q",
            ok: false,
          },
        ]),
      ].map((summary) => [summary.config, summary]),
    );
    const outcomes = evaluateTargets(summaries);
    expect(outcomes.map((outcome) => [outcome.label, outcome.value, outcome.met])).toEqual([
      [`jms-ts / raw rhea, bundled broker, ${small}`, 1.1, true],
      [`p99 at half rate, bundled / Broker-J, ${small}`, undefined, undefined],
      [`p99 at half rate, bundled / Artemis, ${small}`, 1.5, false],
    ]);
  });
});
