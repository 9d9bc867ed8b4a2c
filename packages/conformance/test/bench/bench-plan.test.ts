import { describe, expect, it } from "vitest";
import { buildPlan, LARGE_BODY, SMALL_BODY } from "../../src/bench/bench-plan";
import { halfRateSteps, peakSteps, totalSteps } from "../../src/bench/bench-schedule";
import { targetRatios } from "../../src/bench/bench-targets";

const full = buildPlan({ quick: false, repeat: 3, only: ["a", "b", "c"] });

describe("buildPlan", () => {
  it("(a) jms-ts against rhea and (b) jms-ts against qpid-jms, 1 KiB non-persistent", () => {
    const [a, b] = full.comparisons;
    expect(a?.brokers).toEqual(["bundled"]);
    expect(a?.peak.map((config) => config.client)).toEqual(["jms-ts", "rhea"]);
    expect(b?.brokers).toEqual(["qpid-broker-j"]);
    expect(b?.peak.map((config) => [config.broker, config.client])).toEqual([
      ["qpid-broker-j", "jms-ts"],
      ["qpid-broker-j", "qpid-jms"],
    ]);
    for (const config of [...(a?.peak ?? []), ...(b?.peak ?? [])])
      expect(config).toMatchObject({ bodySize: SMALL_BODY, persistent: false, count: 100_000 });
  });

  it("(c) every broker × persistence × body size with jms-ts, each also at half rate", () => {
    const c = full.comparisons[2];
    expect(c?.brokers).toEqual(["bundled", "qpid-broker-j", "artemis"]);
    expect(c?.peak).toHaveLength(12);
    expect(new Set(c?.peak.map((config) => config.client))).toEqual(new Set(["jms-ts"]));
    const counts = new Set(
      c?.peak.map((config) => `${config.bodySize} ${config.persistent} ${config.count}`),
    );
    // Persistent runs are shorter: every broker syncs them to disk before accepting them.
    expect(counts).toEqual(
      new Set([
        `${SMALL_BODY} false 100000`,
        `${SMALL_BODY} true 20000`,
        `${LARGE_BODY} false 10000`,
        `${LARGE_BODY} true 4000`,
      ]),
    );
    expect(c?.halfRate.map((config) => config.halfRateOf)).toEqual(c?.peak.map((config) => config.key));
    expect(c?.halfRate.every((config) => config.warmupCount === 0)).toBe(true);
  });

  it("keys are unique, and every target ratio names configurations of the full plan", () => {
    const keys = full.comparisons
      .flatMap((comparison) => [...comparison.peak, ...comparison.halfRate])
      .map((c) => c.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const target of targetRatios()) {
      expect(keys).toContain(target.numerator);
      expect(keys).toContain(target.denominator);
    }
  });

  it("--quick uses small counts and --only picks comparisons", () => {
    const quick = buildPlan({ quick: true, repeat: 1, only: ["a"] });
    expect(quick.comparisons.map((comparison) => comparison.id)).toEqual(["a"]);
    expect(quick.comparisons[0]?.peak[0]?.count).toBe(2_000);
    expect(quick.latencySeconds).toBeLessThan(full.latencySeconds);
  });
});

describe("schedule", () => {
  it("warm-ups first, then rounds that run every configuration once each", () => {
    const a = full.comparisons[0];
    if (!a) throw new Error("no comparison a");
    const steps = peakSteps(a, 3).map((step) => `${step.phase} ${step.round} ${step.config.client}`);
    expect(steps).toEqual([
      "warmup 0 jms-ts",
      "warmup 0 rhea",
      "peak 1 jms-ts",
      "peak 1 rhea",
      "peak 2 jms-ts",
      "peak 2 rhea",
      "peak 3 jms-ts",
      "peak 3 rhea",
    ]);
  });

  it("half-rate runs are interleaved too, and the total counts every child run", () => {
    const c = full.comparisons[2];
    if (!c) throw new Error("no comparison c");
    const half = halfRateSteps(c, 3);
    expect(half).toHaveLength(36);
    expect(half.slice(0, 3).map((step) => step.config.broker)).toEqual([
      "bundled",
      "qpid-broker-j",
      "artemis",
    ]);
    // (a) 2 warm-ups + 6, (b) 2 + 6, (c) 12 + 36 peak and 36 half rate.
    expect(totalSteps(full)).toBe(8 + 8 + 48 + 36);
  });
});
