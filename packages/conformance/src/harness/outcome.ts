/** What happened to one case on one target. */
export type CaseOutcome =
  | { status: "pass"; ms: number }
  | { status: "fail"; ms: number; reason: string }
  | { status: "skip"; reason: string };

/** One target's column of the matrix. */
export interface TargetResult {
  id: string;
  name: string;
  via: string;
  /** Undefined when the broker started; otherwise the one line saying why it did not. */
  startFailure?: string;
  startMs?: number;
  /** Why the target was not run at all (not configured here); its cases are skips, not failures. */
  unavailable?: string;
  cases: Record<string, CaseOutcome>;
}

export interface RunResult {
  startedAt: string;
  durationMs: number;
  node: string;
  cases: { id: string; title: string; requires: string[] }[];
  targets: TargetResult[];
}

/** A run fails when a broker did not start or a case failed where its capabilities were claimed. */
export function failures(result: RunResult): string[] {
  const lines: string[] = [];
  for (const target of result.targets) {
    if (target.startFailure) lines.push(`${target.id}: did not start: ${target.startFailure}`);
    for (const [id, outcome] of Object.entries(target.cases)) {
      if (outcome.status === "fail") lines.push(`${target.id}: ${id}: ${outcome.reason}`);
    }
  }
  return lines;
}
