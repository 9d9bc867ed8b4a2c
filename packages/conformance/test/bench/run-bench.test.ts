// runBench's order and bookkeeping, with brokers and jms-perf runs faked (the CLI test runs the real ones).
import { describe, expect, it } from "vitest";
import type { StartedBroker } from "../../src/bench/bench-brokers";
import { buildPlan } from "../../src/bench/bench-plan";
import { runBench, type BenchRuntime } from "../../src/bench/run-bench";
import type { PerfResult } from "../../src/perf/perf-result";

function fakeRuntime(throughput: (args: readonly string[]) => number, failing: string[] = []) {
  const calls: string[][] = [];
  const stopped: string[] = [];
  const runtime: BenchRuntime = {
    startBroker(name) {
      if (failing.includes(name)) return Promise.reject(new Error(`${name} did not start: no java`));
      const broker: StartedBroker = {
        name,
        url: `amqp://${name}:5672`,
        queueName: (queue) => `q/${queue}`,
        stop: () => {
          stopped.push(name);
          return Promise.resolve();
        },
      };
      return Promise.resolve(broker);
    },
    runPerf(args) {
      calls.push([...args]);
      const result = { throughput: throughput(args), throughput_megabytes: 1, latency: { p50: 1, p99: 2 } };
      return Promise.resolve({ ok: true, result: result as PerfResult });
    },
  };
  return { runtime, calls, stopped };
}

const flag = (args: readonly string[], name: string) => args[args.indexOf(name) + 1];

describe("runBench", () => {
  it("(a): each run is its own child on a fresh queue of the started broker; warm-ups are recorded apart", async () => {
    const { runtime, calls, stopped } = fakeRuntime(() => 1000);
    const lines: string[] = [];
    const plan = buildPlan({ quick: false, repeat: 2, only: ["a"] });
    const records = await runBench(plan, (line) => lines.push(line), runtime);
    expect(calls.map((args) => `${args[0]} ${flag(args, "--client")} ${flag(args, "--count")}`)).toEqual([
      "amqp://bundled:5672 jms-ts 10000",
      "amqp://bundled:5672 rhea 10000",
      "amqp://bundled:5672 jms-ts 100000",
      "amqp://bundled:5672 rhea 100000",
      "amqp://bundled:5672 jms-ts 100000",
      "amqp://bundled:5672 rhea 100000",
    ]);
    const queues = calls.map((args) => flag(args, "--queue"));
    expect(new Set(queues).size).toBe(queues.length);
    expect(queues.every((queue) => queue?.startsWith("q/bench-"))).toBe(true);
    expect(records.map((record) => record.phase)).toEqual([
      "warmup",
      "warmup",
      "peak",
      "peak",
      "peak",
      "peak",
    ]);
    expect(stopped).toEqual(["bundled"]);
    expect(lines).toContain("[4/6] bundled rhea 1 KiB non-persistent run 1/2 ... 1,000 msg/s, p99 2 ms");
  });

  it("(c): half-rate runs send at half the median peak of their configuration, persistent where asked", async () => {
    const peaks: Record<string, number[]> = {};
    const { runtime, calls } = fakeRuntime((args) => {
      const key = `${args[0]} ${flag(args, "--body-size")} ${args.includes("--persistent")}`;
      const next = (peaks[key] = [...(peaks[key] ?? []), 0]).length;
      return 1000 * next; // 1000, 2000, 3000 ... per configuration
    });
    const plan = buildPlan({ quick: false, repeat: 3, only: ["c"] });
    const records = await runBench(plan, () => undefined, runtime);
    const half = calls.filter((args) => args.includes("--rate"));
    expect(half).toHaveLength(36);
    // Per configuration: warm-up 1000, peaks 2000, 3000, 4000: median 3000, so --rate 1500.
    expect(new Set(half.map((args) => flag(args, "--rate")))).toEqual(new Set(["1500"]));
    // 1500 msg/s for 5 s, capped at the configuration's count.
    expect(new Set(half.map((args) => flag(args, "--count")))).toEqual(new Set(["7500", "4000"]));
    expect(calls.filter((args) => args.includes("--persistent"))).toHaveLength(6 + 18 + 18);
    expect(
      records.filter((record) => record.phase === "half-rate").every((record) => record.rate === 1500),
    ).toBe(true);
  });

  it("a broker that does not start fails its runs with the reason, and the others still run", async () => {
    const { runtime, calls, stopped } = fakeRuntime(() => 1000, ["artemis"]);
    const plan = buildPlan({ quick: true, repeat: 1, only: ["c"] });
    const records = await runBench(plan, () => undefined, runtime);
    const artemis = records.filter((record) => record.config.startsWith("c artemis"));
    expect(artemis.length).toBeGreaterThan(0);
    expect(artemis.every((record) => !record.ok)).toBe(true);
    expect(artemis.find((record) => record.phase === "peak")?.reason).toBe("artemis did not start: no java");
    expect(artemis.find((record) => record.phase === "half-rate")?.reason).toBe(
      "no peak rate to halve: artemis did not start: no java",
    );
    expect(calls.some((args) => args[0] === "amqp://artemis:5672")).toBe(false);
    expect(records.filter((record) => record.ok)).toHaveLength(calls.length);
    expect(stopped).toEqual(["bundled", "qpid-broker-j"]);
  });
});
