// The JSON lines the Qpid JMS peer's `perf` command prints (java/.../PerfCommand.java), read into typed
// events, and applied to a run's PerfCounters.
import type { PerfCounters, PerfTotals } from "./perf-counters";

/** One line of `jms-peer.jar perf` output. */
export type QpidJmsPerfLine =
  | { readonly kind: "ready" }
  /** Every 250 ms: totals so far. */
  | { readonly kind: "progress"; readonly totals: PerfTotals }
  /** Every producer is done: `totals.sent` is final. */
  | { readonly kind: "sent-all"; readonly totals: PerfTotals }
  /** After the `finish` command: totals and every latency, as [ms, how many] pairs. */
  | {
      readonly kind: "finished";
      readonly totals: PerfTotals;
      readonly latency: readonly (readonly [number, number])[];
    }
  | { readonly kind: "error"; readonly message: string };

/**
 * Reads one output line.
 * @throws Error with one line when it is not JSON or not one of the lines above.
 */
export function parseQpidJmsPerfLine(text: string): QpidJmsPerfLine {
  let line: unknown;
  try {
    line = JSON.parse(text);
  } catch {
    throw new Error(`not JSON: ${text.slice(0, 200)}`);
  }
  if (typeof line !== "object" || line === null || Array.isArray(line))
    throw new Error(`not a JSON object: ${text.slice(0, 200)}`);
  const fields = line as Record<string, unknown>;
  if (fields["ready"] === true) return { kind: "ready" };
  if (typeof fields["error"] === "string") return { kind: "error", message: fields["error"] };
  for (const kind of ["progress", "sent-all"] as const)
    if (kind in fields) return { kind, totals: totalsOf(fields[kind], text) };
  if ("finished" in fields) {
    const finished = fields["finished"] as Record<string, unknown> | null;
    return {
      kind: "finished",
      totals: totalsOf(finished, text),
      latency: latencyOf(finished?.["latency"], text),
    };
  }
  throw new Error(`unknown line: ${text.slice(0, 200)}`);
}

/**
 * Applies a line's numbers to the run's counters: totals for every line that has them, the latencies of
 * the `finished` line too.
 */
export function applyQpidJmsPerfLine(line: QpidJmsPerfLine, counters: PerfCounters): void {
  if (line.kind === "ready" || line.kind === "error") return;
  if (line.kind === "finished") for (const [ms, count] of line.latency) counters.noteLatencies(ms, count);
  counters.noteTotals(line.totals);
}

function totalsOf(value: unknown, text: string): PerfTotals {
  const fields = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  const count = (name: string): number => {
    const n = fields[name];
    if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0)
      throw new Error(`expected a count "${name}" in ${text.slice(0, 200)}`);
    return n;
  };
  const time = (name: string): number | undefined => {
    const t = fields[name];
    if (t === null || t === undefined) return undefined;
    if (typeof t !== "number" || !Number.isFinite(t))
      throw new Error(`expected epoch ms or null for "${name}" in ${text.slice(0, 200)}`);
    return t;
  };
  return {
    sent: count("sent"),
    settled: count("settled"),
    received: count("received"),
    firstSendMs: time("firstSendMs"),
    lastSendMs: time("lastSendMs"),
    firstReceiveMs: time("firstReceiveMs"),
    lastReceiveMs: time("lastReceiveMs"),
  };
}

function latencyOf(value: unknown, text: string): [number, number][] {
  const pairs: [number, number][] = [];
  if (!Array.isArray(value)) throw new Error(`expected "latency" pairs in ${text.slice(0, 200)}`);
  for (const pair of value as unknown[]) {
    if (
      !Array.isArray(pair) ||
      pair.length !== 2 ||
      !Number.isFinite(pair[0]) ||
      !Number.isSafeInteger(pair[1]) ||
      (pair[1] as number) < 0
    )
      throw new Error(`expected [ms, count] pairs in "latency", got ${JSON.stringify(pair)}`);
    pairs.push([pair[0] as number, pair[1] as number]);
  }
  return pairs;
}
