import { fromPackage } from "../package-root";
import type { PerfResult } from "../perf/perf-result";
import { spawnGroup } from "../targets/process/process-group";

/** A finished `jms-perf` child: its JSON result, or why it failed in one line. */
export type ChildOutcome =
  { readonly ok: true; readonly result: PerfResult } | { readonly ok: false; readonly reason: string };

/** Longest a single run may take before it is killed, on top of jms-perf's own stall timeout. */
const RUN_LIMIT_MS = 10 * 60_000;

/** `jms-perf` as built next to this module's bundle (dist/perf-cli.js). */
export function perfCliPath(): string {
  return fromPackage("dist", "perf-cli.js");
}

/**
 * Runs `node dist/perf-cli.js <args> --json` in a fresh process group and resolves with its result, or with
 * the reason it failed: its last stderr line (`jms-perf: ...`), its exit, or the time limit. Never rejects.
 */
export async function runPerfChild(args: readonly string[], limitMs = RUN_LIMIT_MS): Promise<ChildOutcome> {
  const child = spawnGroup(process.execPath, [perfCliPath(), ...args, "--json"]);
  let json: string | undefined;
  const off = child.onLine((line) => {
    if (line.startsWith("{")) json = line;
  });
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<"limit">((resolve) => {
    timer = setTimeout(() => resolve("limit"), limitMs);
  });
  try {
    const ended = await Promise.race([child.exited, limit]);
    if (ended === "limit") {
      await child.kill(5_000);
      return { ok: false, reason: `killed after ${limitMs / 1000} s` };
    }
    if (ended.code === 0 && json !== undefined) {
      try {
        return { ok: true, result: JSON.parse(json) as PerfResult };
      } catch {
        return { ok: false, reason: `jms-perf printed no valid JSON: ${json.slice(0, 120)}` };
      }
    }
    const said = child
      .lastLines(50)
      .filter((line) => line.startsWith("jms-perf: ") && !/^jms-perf: [\d.]+ s {2}sent/.test(line))
      .pop();
    const exit =
      ended.error?.message ??
      (ended.code === 0 ? "exit 0 without a JSON result" : `exit ${ended.code ?? ended.signal}`);
    return { ok: false, reason: said ? `${said.replace(/^jms-perf: /, "")} (${exit})` : exit };
  } finally {
    off();
    clearTimeout(timer);
  }
}
