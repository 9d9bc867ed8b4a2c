import { describe, expect, it } from "vitest";
import { PerfCounters } from "../../src/perf/perf-counters";
import { buildPerfResult } from "../../src/perf/perf-result";
import { parsePerfOptions } from "../../src/perf/perf-options";
import { renderTable } from "../../src/perf/render-table";
import { connectionOf, producerQuotas } from "../../src/perf/workload";

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("producer shares and connections", () => {
  it("splits a count over producers, the first ones taking the remainder", () => {
    expect(producerQuotas(10, 3)).toEqual([4, 3, 3]);
    expect(producerQuotas(2, 4)).toEqual([1, 1, 0, 0]);
    expect(producerQuotas(undefined, 2)).toEqual([Infinity, Infinity]);
  });

  it("deals consumers then producers round robin over the connections", () => {
    const options = { consumers: 2, connections: 3 };
    expect([0, 1].map((i) => connectionOf("consumer", i, options))).toEqual([0, 1]);
    expect([0, 1, 2].map((i) => connectionOf("producer", i, options))).toEqual([2, 0, 1]);
    expect(connectionOf("producer", 0, { consumers: 1, connections: 1 })).toBe(0);
  });
});

describe("PerfCounters", () => {
  it("records first and last times and the latency of each message with a send time", () => {
    const clock = manualClock();
    const counters = new PerfCounters(clock.now);
    const sentAt = counters.noteSend();
    clock.advance(5);
    counters.noteSend();
    clock.advance(10);
    counters.noteReceive(sentAt);
    counters.noteReceive(Number.NaN);
    expect(counters.sent).toBe(2);
    expect(counters.received).toBe(2);
    expect(counters.lastSendMs! - counters.firstSendMs!).toBe(5);
    expect([...counters.latencyValues()]).toEqual([15]);
  });

  it("keeps every latency past its initial buffer", () => {
    const counters = new PerfCounters(() => 100);
    for (let i = 0; i < 10_000; i++) counters.noteReceive(100 - (i % 7));
    const values = counters.latencyValues();
    expect(values.length).toBe(10_000);
    expect(values[9_999]).toBe(9_999 % 7);
  });

  it("fails the run on a message beyond the expected count (a duplicate)", () => {
    const counters = new PerfCounters();
    counters.expect(1);
    counters.noteReceive(Date.now());
    expect(counters.complete()).toBe(true);
    expect(counters.failure).toBeUndefined();
    counters.noteReceive(Date.now());
    expect(counters.failure?.message).toBe("received 2 messages but 1 were sent (a duplicate)");
  });

  it("tells listeners about receives, accepts and failures; the first failure wins", () => {
    const counters = new PerfCounters();
    let calls = 0;
    const off = counters.onChange(() => calls++);
    counters.noteReceive(0);
    counters.noteSettled();
    counters.fail(new Error("first"));
    counters.fail(new Error("second"));
    off();
    counters.noteReceive(0);
    expect(calls).toBe(4);
    expect(counters.failure?.message).toBe("first");
  });
});

describe("the result and its table", () => {
  it("computes quiver-style rates from the recorded times", () => {
    const clock = manualClock();
    const counters = new PerfCounters(clock.now);
    counters.expect(4);
    const sendTimes: number[] = [];
    for (let i = 0; i < 4; i++) {
      sendTimes.push(counters.noteSend());
      counters.noteSettled();
      clock.advance(250);
    }
    // Sends at 0, 250, 500, 750 ms; receives at 1000..1750 ms: 1 s latency each.
    for (const sentAt of sendTimes) {
      counters.noteReceive(sentAt);
      clock.advance(250);
    }
    const options = parsePerfOptions(["--count", "4", "--body-size", "1000000", "--rate", "2500"]);
    const result = buildPerfResult(options, "bundled", counters, false);
    expect(result.sender).toMatchObject({ message_count: 4, settled_count: 4, duration: 0.75 });
    expect(result.sender.message_rate).toBeCloseTo(4 / 0.75);
    expect(result.receiver.megabytes_per_second).toBeCloseTo(4 / 0.75);
    expect(result.duration).toBe(1.75);
    expect(result.throughput).toBeCloseTo(4 / 1.75);
    expect(result.latency).toMatchObject({ p50: 1000, p99: 1000, max: 1000, samples: 4 });
    expect(result.configuration).toMatchObject({
      client: "jms-ts",
      broker: "bundled",
      message_count: 4,
      duration: null,
      credit_window: 1000,
      durable: false,
      connections: 2,
      rate_limit: 2500,
      rhea_patches: false,
    });
    const table = renderTable(result);
    expect(table).toContain("client jms-ts, broker bundled, queue jms-perf");
    expect(table).toContain("prefetch 1000, rate limit 2,500 msg/s, 1 producer(s)");
    expect(table).toMatch(/Sender\s+4\s+0\.75\s+5\s+5\.33/);
    expect(table).toMatch(/p50\s+p90\s+p99\s+p99\.9\s+max\s+average\n\s+1,000\s+1,000/);
  });
});
