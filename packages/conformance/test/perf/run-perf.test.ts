// The benchmark end to end against the bundled broker (by default its CLI in a child process): counts, result
// shape, and --rate pacing.
import { describe, expect, it } from "vitest";
import { parsePerfOptions } from "../../src/perf/perf-options";
import { runPerf } from "../../src/perf/run-perf";

const quiet = () => undefined;

describe("runPerf on the bundled broker", () => {
  it.each(["jms-ts", "rhea"])("%s: every message sent is received once and accepted", async (client) => {
    const result = await runPerf(parsePerfOptions(["--count", "2000", "--client", client]), quiet);
    expect(result.message_count).toBe(2000);
    expect(result.sender.message_count).toBe(2000);
    expect(result.sender.settled_count).toBe(2000);
    expect(result.receiver.message_count).toBe(2000);
    expect(result.latency.samples).toBe(2000);
    expect(result.throughput).toBeGreaterThan(0);
    expect(result.latency.max).toBeGreaterThanOrEqual(result.latency.p50);
    expect(result.configuration).toMatchObject({
      client,
      broker: "bundled (process)",
      message_count: 2000,
      rate_limit: null,
    });
  });

  it.each(["jms-ts", "rhea"])("%s: --via in-process runs the broker in this process", async (client) => {
    const argv = ["--count", "500", "--client", client, "--via", "in-process"];
    const result = await runPerf(parsePerfOptions(argv), quiet);
    expect(result.message_count).toBe(500);
    // The broker in this process installs the patches, whatever the client.
    expect(result.configuration).toMatchObject({ broker: "bundled (in-process)", rhea_patches: true });
  });

  // Send i of a producer is due at start + i / (rate / producers): the last of each producer's n sends
  // comes (n - 1) / (rate / producers) seconds after its first at the earliest, however late the first.
  it.each([
    ["jms-ts", 1],
    ["rhea", 1],
    ["jms-ts", 2],
    ["rhea", 2],
  ] as const)("%s with %i producer(s): --rate paces the sends", async (client, producers) => {
    const count = 300;
    const rate = 600;
    const argv = [
      "--count",
      `${count}`,
      "--rate",
      `${rate}`,
      "--client",
      client,
      "--producers",
      `${producers}`,
    ];
    const result = await runPerf(parsePerfOptions(argv), quiet);
    expect(result.message_count).toBe(count);
    expect(result.configuration.rate_limit).toBe(rate);
    const earliest = (count / producers - 1) / (rate / producers);
    // Send times are whole epoch milliseconds: allow one for rounding.
    expect(result.sender.duration).toBeGreaterThanOrEqual(earliest - 0.001);
  });

  it("jms-ts: persistent, transacted batches, several producers and consumers on one connection", async () => {
    const argv =
      "--count 2001 --persistent --transacted-batch 50 --producers 3 --consumers 2 --connections 1";
    const result = await runPerf(parsePerfOptions(argv.split(" ")), quiet);
    expect(result.message_count).toBe(2001);
    expect(result.sender.settled_count).toBe(2001);
    expect(result.configuration).toMatchObject({ ack: "transacted", transaction_size: 50, connections: 1 });
  });

  it.each(["client", "dups-ok"])("jms-ts: ack %s receives everything", async (ack) => {
    const result = await runPerf(
      parsePerfOptions(["--count", "1500", "--ack", ack, "--prefetch", "100"]),
      quiet,
    );
    expect(result.message_count).toBe(1500);
    expect(result.configuration.ack).toBe(ack);
  });

  it.each(["jms-ts", "rhea"])("%s: a duration run receives exactly what it sent", async (client) => {
    const result = await runPerf(
      parsePerfOptions(["--duration", "0.3", "--client", client, "--body-size", "1024"]),
      quiet,
    );
    expect(result.sender.message_count).toBeGreaterThan(0);
    expect(result.receiver.message_count).toBe(result.sender.message_count);
    expect(result.configuration).toMatchObject({ message_count: null, duration: 0.3, body_size: 1024 });
  });

  it.each(["jms-ts", "rhea"])("%s: a broker that is not there fails with one line", async (client) => {
    const run = runPerf(parsePerfOptions(["amqp://127.0.0.1:1", "--client", client, "--count", "1"]), quiet);
    await expect(run).rejects.toThrow(new RegExp(`^${client} on amqp://127.0.0.1:1: .*ECONNREFUSED`));
  });
});
