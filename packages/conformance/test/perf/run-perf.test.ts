// The benchmark end to end against the bundled broker started in this process: counts and result shape.
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
    expect(result.configuration).toMatchObject({ client, broker: "bundled", message_count: 2000 });
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
