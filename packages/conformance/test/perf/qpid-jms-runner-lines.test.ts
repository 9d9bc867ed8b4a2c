// The Qpid JMS runner's pieces that need no JVM: the peer's output lines, the counters they fill, the
// command line and the Qpid JMS URI.
import { describe, expect, it } from "vitest";
import { summarizeLatency } from "../../src/perf/latency-summary";
import { PerfCounters, type PerfTotals } from "../../src/perf/perf-counters";
import { parsePerfOptions } from "../../src/perf/perf-options";
import { qpidJmsEndpoint, qpidJmsPerfArguments } from "../../src/perf/qpid-jms-perf-args";
import { applyQpidJmsPerfLine, parseQpidJmsPerfLine } from "../../src/perf/qpid-jms-perf-lines";
import { runQpidJms } from "../../src/perf/qpid-jms-runner";
import type { Workload } from "../../src/perf/workload";

const TOTALS = {
  sent: 10,
  settled: 8,
  received: 7,
  firstSendMs: 1000,
  lastSendMs: 1090,
  firstReceiveMs: 1003,
  lastReceiveMs: null,
};

function totals(overrides: Partial<PerfTotals> = {}): PerfTotals {
  return {
    sent: 0,
    settled: 0,
    received: 0,
    firstSendMs: undefined,
    lastSendMs: undefined,
    firstReceiveMs: undefined,
    lastReceiveMs: undefined,
    ...overrides,
  };
}

function workload(argv: string[], url = "amqp://127.0.0.1:5672"): Workload {
  return {
    url,
    address: "perf-q",
    options: parsePerfOptions(["--client", "qpid-jms", ...argv]),
    body: Buffer.alloc(0),
    quotas: [],
    stop: new AbortController().signal,
  };
}

describe("the perf command's output lines", () => {
  it("reads ready, progress, sent-all, finished and error lines", () => {
    expect(parseQpidJmsPerfLine('{"ready":true}')).toEqual({ kind: "ready" });
    const expected = { ...TOTALS, lastReceiveMs: undefined };
    expect(parseQpidJmsPerfLine(JSON.stringify({ progress: TOTALS }))).toEqual({
      kind: "progress",
      totals: expected,
    });
    expect(parseQpidJmsPerfLine(JSON.stringify({ "sent-all": TOTALS }))).toEqual({
      kind: "sent-all",
      totals: expected,
    });
    const finished = {
      ...TOTALS,
      latency: [
        [0, 2],
        [3, 5],
      ],
    };
    expect(parseQpidJmsPerfLine(JSON.stringify({ finished }))).toEqual({
      kind: "finished",
      totals: expected,
      latency: [
        [0, 2],
        [3, 5],
      ],
    });
    expect(parseQpidJmsPerfLine('{"error":"connection refused","exception":"x"}')).toEqual({
      kind: "error",
      message: "connection refused",
    });
  });

  it("refuses what is not one of its lines, saying what was wrong", () => {
    expect(() => parseQpidJmsPerfLine("SLF4J: warning")).toThrow(/^not JSON: SLF4J/);
    expect(() => parseQpidJmsPerfLine("[1]")).toThrow(/not a JSON object/);
    expect(() => parseQpidJmsPerfLine('{"hello":1}')).toThrow(/unknown line/);
    expect(() => parseQpidJmsPerfLine('{"progress":{"sent":-1}}')).toThrow(/count "sent"/);
    expect(() => parseQpidJmsPerfLine(JSON.stringify({ progress: { ...TOTALS, lastSendMs: "x" } }))).toThrow(
      /"lastSendMs"/,
    );
    expect(() => parseQpidJmsPerfLine(JSON.stringify({ finished: { ...TOTALS, latency: [[1]] } }))).toThrow(
      /\[ms, count\] pairs/,
    );
    expect(() => parseQpidJmsPerfLine(JSON.stringify({ finished: TOTALS }))).toThrow(/"latency" pairs/);
  });

  it("fill the counters: totals as they grow, latencies from the finished line", () => {
    const counters = new PerfCounters();
    let changes = 0;
    counters.onChange(() => changes++);
    applyQpidJmsPerfLine(parseQpidJmsPerfLine('{"ready":true}'), counters);
    applyQpidJmsPerfLine(parseQpidJmsPerfLine(JSON.stringify({ progress: TOTALS })), counters);
    expect(counters).toMatchObject({ sent: 10, settled: 8, received: 7, firstSendMs: 1000 });
    expect(counters.lastReceiveMs).toBeUndefined();
    const finished = {
      ...TOTALS,
      sent: 12,
      settled: 12,
      received: 12,
      lastReceiveMs: 1200,
      latency: [
        [1, 6],
        [2, 3],
        [40, 2],
        [90, 1],
      ],
    };
    applyQpidJmsPerfLine(parseQpidJmsPerfLine(JSON.stringify({ finished })), counters);
    expect(changes).toBe(2);
    expect(counters).toMatchObject({ sent: 12, settled: 12, received: 12, lastReceiveMs: 1200 });
    expect(Array.from(counters.latencyValues())).toEqual([1, 1, 1, 1, 1, 1, 2, 2, 2, 40, 40, 90]);
    const summary = summarizeLatency(counters.latencyValues());
    expect(summary).toMatchObject({ samples: 12, p50: 1, p90: 40, max: 90 });
  });
});

describe("PerfCounters.noteTotals and noteLatencies", () => {
  it("never moves counts back, keeps the earliest first and latest last time", () => {
    const counters = new PerfCounters();
    counters.noteTotals(totals({ sent: 5, settled: 4, received: 3, firstSendMs: 100, lastSendMs: 150 }));
    counters.noteTotals(totals({ sent: 4, settled: 5, received: 2, firstSendMs: 120, lastSendMs: 140 }));
    expect(counters).toMatchObject({ sent: 5, settled: 5, received: 3, firstSendMs: 100, lastSendMs: 150 });
    expect(counters.firstReceiveMs).toBeUndefined();
    counters.noteTotals(totals({ received: 4, firstReceiveMs: 110, lastReceiveMs: 160 }));
    expect(counters).toMatchObject({ received: 4, firstReceiveMs: 110, lastReceiveMs: 160 });
  });

  it("fails the run when more were received than expected, as a duplicate", () => {
    const counters = new PerfCounters();
    counters.expect(3);
    counters.noteTotals(totals({ received: 3 }));
    expect(counters.failure).toBeUndefined();
    expect(counters.complete()).toBe(true);
    counters.noteTotals(totals({ received: 4 }));
    expect(counters.failure?.message).toMatch(/received 4 messages but 3 were sent/);
  });

  it("adds latencies in bulk past its initial room, after those measured one by one", () => {
    let now = 50;
    const counters = new PerfCounters(() => now);
    counters.noteReceive(45);
    counters.noteLatencies(7, 5000);
    counters.noteLatencies(9, 0);
    counters.noteLatencies(2.5, 1);
    now = 60;
    counters.noteReceive(50);
    const values = counters.latencyValues();
    expect(values.length).toBe(5003);
    expect([values[0], values[1], values[5000], values[5001], values[5002]]).toEqual([5, 7, 7, 2.5, 10]);
    expect(() => counters.noteLatencies(Number.NaN, 1)).toThrow(RangeError);
    expect(() => counters.noteLatencies(1, -1)).toThrow(RangeError);
  });
});

describe("the perf command line", () => {
  it("drops the jms-ts client's options from the URL and keeps amqp.* ones", () => {
    expect(
      qpidJmsEndpoint("amqp://h:5672?jms.producerWindowBytes=5&amqp.idleTimeout=3000", undefined, undefined),
    ).toEqual({
      uri: "amqp://h:5672?amqp.idleTimeout=3000",
    });
    expect(qpidJmsEndpoint("amqp://[::1]", "u", "p")).toEqual({
      uri: "amqp://[::1]:5672",
      username: "u",
      password: "p",
    });
  });

  it("trusts any certificate over TLS and takes credentials from the URL when the workload has none", () => {
    expect(qpidJmsEndpoint("amqps://us%40r:s%3Acret@host?transport.ca=x.pem", undefined, undefined)).toEqual({
      uri: "amqps://host:5671?transport.trustAll=true&transport.verifyHost=false",
      username: "us@r",
      password: "s:cret",
    });
    expect(qpidJmsEndpoint("amqp://h:1?jms.username=a&jms.password=b", undefined, undefined)).toEqual({
      uri: "amqp://h:1",
      username: "a",
      password: "b",
    });
    expect(qpidJmsEndpoint("amqp://x:y@h:1", "w", "z")).toMatchObject({ username: "w", password: "z" });
  });

  it("passes every workload option", () => {
    const args = qpidJmsPerfArguments(
      workload(
        "--count 7 --body-size 1024 --persistent --transacted-batch 3 --prefetch 50 --producers 2 --consumers 3 --connections 1 --rate 250.5".split(
          " ",
        ),
      ),
    );
    expect(args.join(" ")).toBe(
      "perf --url amqp://127.0.0.1:5672 --queue perf-q --count 7 --body-size 1024 --persistent true --ack auto " +
        "--transacted-batch 3 --prefetch 50 --producers 2 --consumers 3 --connections 1 --rate 250.5",
    );
    const byTime = qpidJmsPerfArguments(workload(["--duration", "1.5", "--ack", "client"]));
    expect(byTime).toEqual(expect.arrayContaining(["--duration-ms", "1500", "--ack", "client"]));
    expect(byTime).not.toContain("--count");
    expect(byTime).not.toContain("--rate");
  });

  it("a missing jar fails the runner with one line naming the build script", async () => {
    const saved = process.env["JMS_TS_QPID_JMS_PEER_JAR"];
    process.env["JMS_TS_QPID_JMS_PEER_JAR"] = "/nonexistent/jms-peer.jar";
    try {
      await expect(runQpidJms(workload(["--count", "1"]), new PerfCounters())).rejects.toThrow(
        /^the Qpid JMS peer is not built \(no \/nonexistent\/jms-peer\.jar\): run .*scripts\/build-qpid-jms-peer\.sh/,
      );
    } finally {
      if (saved === undefined) delete process.env["JMS_TS_QPID_JMS_PEER_JAR"];
      else process.env["JMS_TS_QPID_JMS_PEER_JAR"] = saved;
    }
  });
});
