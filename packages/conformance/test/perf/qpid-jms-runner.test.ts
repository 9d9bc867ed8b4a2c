// The Qpid JMS runner end to end: the real Qpid JMS client in its own JVM (jms-peer.jar perf) against the
// bundled broker started in this process, driven through the ClientRun contract as run-perf drives it.
import { type Broker, createBroker } from "@jms-ts/broker";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { qpidJmsPeerJar } from "../../src/peers/qpid-jms-peer";
import { PerfCounters } from "../../src/perf/perf-counters";
import { parsePerfOptions } from "../../src/perf/perf-options";
import { runQpidJms } from "../../src/perf/qpid-jms-runner";
import { producerQuotas, type Workload } from "../../src/perf/workload";

const WAIT_MS = 30_000;

function unavailable(): string | undefined {
  if (spawnSync("java", ["-version"]).status !== 0) return "no java on PATH";
  const jar = qpidJmsPeerJar();
  if (!existsSync(jar)) return `no ${jar} (run packages/conformance/scripts/build-qpid-jms-peer.sh)`;
  return undefined;
}

const skipped = unavailable();

/** Resolves once `done()` holds after a change of the counters; rejects with `what` after WAIT_MS. */
function until(counters: PerfCounters, done: () => boolean, what: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`${what()} within ${WAIT_MS / 1000} s`));
    }, WAIT_MS);
    const check = () => {
      if (!done() && !counters.failure) return;
      clearTimeout(timer);
      off();
      if (counters.failure) reject(counters.failure);
      else resolve();
    };
    const off = counters.onChange(check);
    check();
  });
}

/** Runs `argv` through the Qpid JMS runner as run-perf does; resolves with the counters and when it was ready. */
async function drive(broker: Broker, argv: string[], queue: string) {
  const options = parsePerfOptions(["--client", "qpid-jms", "--queue", queue, ...argv]);
  const counters = new PerfCounters();
  const stop = new AbortController();
  const workload: Workload = {
    url: broker.url,
    address: queue,
    options,
    body: Buffer.alloc(options.bodySize, "x"),
    quotas: producerQuotas(options.count, options.producers),
    stop: stop.signal,
  };
  if (options.count !== undefined) counters.expect(options.count);
  const run = await runQpidJms(workload, counters);
  const readyMs = Date.now();
  const timer =
    options.durationSeconds === undefined
      ? undefined
      : setTimeout(() => stop.abort(), options.durationSeconds * 1000);
  try {
    await run.sending;
    counters.expect(counters.sent);
    await until(
      counters,
      () => counters.complete(),
      () => `received ${counters.received} of ${counters.sent}`,
    );
    await run.finish();
    await until(
      counters,
      () => counters.settled >= counters.sent,
      () => `settled ${counters.settled} of ${counters.sent}`,
    );
  } finally {
    clearTimeout(timer);
    await run.close();
  }
  return { counters, readyMs };
}

describe.skipIf(skipped !== undefined)(
  `runQpidJms on the bundled broker${skipped ? ` (skipped: ${skipped})` : ""}`,
  () => {
    let broker: Broker;
    beforeAll(async () => {
      broker = await createBroker({ port: 0 });
    });
    afterAll(async () => {
      await broker?.close();
    });

    it("2,000 × 1 KiB: every message received once, accepted, with its latency", async () => {
      const { counters } = await drive(broker, ["--count", "2000", "--body-size", "1024"], "qj-auto");
      expect(counters.failure).toBeUndefined();
      expect(counters).toMatchObject({ sent: 2000, settled: 2000, received: 2000 });
      expect(counters.latencyValues().length).toBe(2000);
      expect(counters.firstSendMs).toBeLessThanOrEqual(counters.lastSendMs ?? -1);
      expect(counters.firstReceiveMs).toBeLessThanOrEqual(counters.lastReceiveMs ?? -1);
      expect(counters.firstSendMs).toBeLessThanOrEqual(counters.firstReceiveMs ?? -1);
      expect(Math.min(...counters.latencyValues())).toBeGreaterThanOrEqual(0);
    }, 60_000);

    it("persistent, transacted batches, several producers and consumers on one connection", async () => {
      const argv =
        "--count 2001 --body-size 1024 --persistent --transacted-batch 50 --producers 3 --consumers 2 --connections 1";
      const { counters } = await drive(broker, argv.split(" "), "qj-tx");
      expect(counters).toMatchObject({ sent: 2001, settled: 2001, received: 2001 });
      expect(counters.latencyValues().length).toBe(2001);
      // Every consumer committed its last batch: nothing is left for a later consumer.
      const after = await drive(broker, ["--count", "1"], "qj-tx");
      expect(after.counters.received).toBe(1);
    }, 60_000);

    it("client acknowledge with a small prefetch receives everything", async () => {
      const { counters } = await drive(
        broker,
        ["--count", "1500", "--ack", "client", "--prefetch", "100"],
        "qj-ack",
      );
      expect(counters).toMatchObject({ sent: 1500, received: 1500 });
      const after = await drive(broker, ["--count", "1"], "qj-ack");
      expect(after.counters.received).toBe(1);
    }, 60_000);

    it("--rate paces the sends: the last is due (count - 1) / rate after the schedule starts", async () => {
      // Slow enough that an unpaced run (well under a second for 1,000 messages, even on a cold JVM) fails.
      const count = 1000;
      const rate = 400;
      const { counters, readyMs } = await drive(
        broker,
        ["--count", String(count), "--body-size", "1024", "--rate", String(rate)],
        "qj-rate",
      );
      expect(counters.received).toBe(count);
      // The JVM starts its schedule as it reports ready, however late its first send; readyMs is when this
      // process read that line, so allow 100 ms for the pipe, and 1 ms for whole-ms clocks.
      const lastDueMs = ((count - 1) / rate) * 1000;
      expect((counters.lastSendMs ?? 0) - readyMs).toBeGreaterThanOrEqual(lastDueMs - 101);
    }, 60_000);

    it("a duration run receives exactly what it sent", async () => {
      const { counters } = await drive(broker, ["--duration", "0.5", "--body-size", "1024"], "qj-duration");
      expect(counters.sent).toBeGreaterThan(0);
      expect(counters.received).toBe(counters.sent);
      expect(counters.settled).toBe(counters.sent);
    }, 60_000);

    it("a broker that is not there fails the runner with one line", async () => {
      const options = parsePerfOptions(["--client", "qpid-jms", "--count", "1"]);
      const workload: Workload = {
        url: "amqp://127.0.0.1:1",
        address: "q",
        options,
        body: Buffer.alloc(0),
        quotas: [1],
        stop: new AbortController().signal,
      };
      const error = await runQpidJms(workload, new PerfCounters()).then(
        () => new Error("runQpidJms resolved"),
        (e: unknown) => e as Error,
      );
      expect(error.message).toMatch(/^connection to amqp:\/\/127\.0\.0\.1:1.* failed/);
      expect(error.message).not.toContain("\n");
    }, 60_000);
  },
);
