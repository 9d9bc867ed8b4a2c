import type { PerfResult } from "./perf-result";

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const decimal = (digits: number) =>
  new Intl.NumberFormat("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** The human-readable report of a run: configuration, then rates per side, then latency percentiles. */
export function renderTable(result: PerfResult): string {
  const c = result.configuration;
  const workload =
    c.message_count === null ? `${c.duration} s` : `${integer.format(c.message_count)} messages`;
  const header = [
    `jms-perf: client ${c.client}, broker ${c.broker}, queue ${c.queue}`,
    `  ${workload} of ${integer.format(c.body_size)} B, ${c.durable ? "persistent" : "non-persistent"}, ` +
      `ack ${c.ack}${c.transaction_size > 0 ? ` (batch ${c.transaction_size})` : ""}, prefetch ${c.credit_window}, ` +
      `${c.rate_limit === null ? "" : `rate limit ${integer.format(c.rate_limit)} msg/s, `}` +
      `${c.producers} producer(s), ${c.consumers} consumer(s), ${c.connections} connection(s)`,
    ...(c.client === "rhea" && c.rhea_patches
      ? ["  rhea ran with @jms-ts/rhea-patches installed (the broker shares this process)"]
      : []),
  ];
  const rows: string[][] = [
    ["", "Count", "Time [s]", "Rate [msg/s]", "Rate [MB/s]"],
    side(
      "Sender",
      result.sender.message_count,
      result.sender.duration,
      result.sender.message_rate,
      result.sender.megabytes_per_second,
    ),
    side(
      "Receiver",
      result.receiver.message_count,
      result.receiver.duration,
      result.receiver.message_rate,
      result.receiver.megabytes_per_second,
    ),
    side("End to end", result.message_count, result.duration, result.throughput, result.throughput_megabytes),
  ];
  const l = result.latency;
  const latency: string[][] = [
    ["Latency [ms]", "p50", "p90", "p99", "p99.9", "max", "average"],
    ["", ...[l.p50, l.p90, l.p99, l.p999, l.max].map((v) => integer.format(v)), decimal(1).format(l.average)],
  ];
  return [...header, "", ...align(rows), "", ...align(latency)].join("\n");
}

function side(name: string, count: number, seconds: number, rate: number, megabytes: number): string[] {
  return [
    name,
    integer.format(count),
    decimal(2).format(seconds),
    integer.format(rate),
    decimal(2).format(megabytes),
  ];
}

/** Left-aligns the first column and right-aligns the others. */
function align(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) =>
    row
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join("   ")
      .trimEnd(),
  );
}
