import { createCaseContext } from "./case-context";
import type { ConformanceCase } from "./conformance-case";
import { unmetNeed } from "./environment";
import { oneLine } from "./one-line";
import type { CaseOutcome, RunResult, TargetResult } from "./outcome";
import { boundRestart, missingReason, type Log, type RunningTarget, type Target } from "./target";
import { withTimeout } from "./with-timeout";

export interface SuiteOptions {
  /** How long a broker may take to start. Default 180 s (a cold container build is the slow case). */
  startTimeoutMs?: number;
  /** A case's time limit unless it sets its own. Default 30 s. */
  caseTimeoutMs?: number;
}

interface Limits {
  startTimeoutMs: number;
  caseTimeoutMs: number;
}

/** Runs every case on every target, one target at a time, and collects the matrix. */
export async function runSuite(
  targets: Target[],
  cases: ConformanceCase[],
  log: Log,
  options: SuiteOptions = {},
): Promise<RunResult> {
  const limits = {
    startTimeoutMs: options.startTimeoutMs ?? 180_000,
    caseTimeoutMs: options.caseTimeoutMs ?? 30_000,
  };
  const started = Date.now();
  const results: TargetResult[] = [];
  for (const target of targets) results.push(await runTarget(target, cases, log, limits));
  return {
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    node: process.version,
    cases: cases.map((c) => ({ id: c.id, title: c.title, requires: [...c.requires] })),
    targets: results,
  };
}

async function runTarget(
  target: Target,
  cases: ConformanceCase[],
  log: Log,
  limits: Limits,
): Promise<TargetResult> {
  const result: TargetResult = { id: target.id, name: target.name, via: target.via, cases: {} };
  if (target.unavailable) {
    result.unavailable = target.unavailable;
    for (const c of cases) result.cases[c.id] = { status: "skip", reason: target.unavailable };
    log(`[${target.id}] skipped: ${target.unavailable}`);
    return result;
  }
  log(`[${target.id}] starting`);
  const startedAt = Date.now();
  let running: RunningTarget;
  try {
    const deadline = limits.startTimeoutMs;
    const started = await withTimeout(target.start(log), deadline, `no broker within ${deadline / 1000} s`);
    running = boundRestart(started, deadline);
  } catch (error) {
    result.startFailure = oneLine(error);
    log(`[${target.id}] did not start: ${result.startFailure}`);
    return result;
  }
  result.startMs = Date.now() - startedAt;
  log(`[${target.id}] started at ${running.url} in ${(result.startMs / 1000).toFixed(1)} s`);
  try {
    for (const [index, conformanceCase] of cases.entries()) {
      const outcome = await runCase(target, running, conformanceCase, log, limits.caseTimeoutMs);
      result.cases[conformanceCase.id] = outcome;
      log(`[${target.id}] ${index + 1}/${cases.length} ${describe(outcome)} ${conformanceCase.id}`);
    }
  } finally {
    await running.stop();
    log(`[${target.id}] stopped`);
  }
  return result;
}

async function runCase(
  target: Target,
  running: RunningTarget,
  c: ConformanceCase,
  log: Log,
  defaultTimeoutMs: number,
): Promise<CaseOutcome> {
  const missing = c.requires.find((capability) => !target.capabilities.has(capability));
  if (missing) return { status: "skip", reason: missingReason(target, missing) };
  for (const need of c.needs ?? []) {
    const unmet = await unmetNeed(need);
    if (unmet) return { status: "skip", reason: unmet };
  }
  const { context, cleanup } = createCaseContext(target, running, c.id, (line) => log(`    ${line}`));
  const startedAt = Date.now();
  const timeoutMs = c.timeoutMs ?? defaultTimeoutMs;
  try {
    await withTimeout(c.run(context), timeoutMs, `did not finish within ${timeoutMs / 1000} s`);
    return { status: "pass", ms: Date.now() - startedAt };
  } catch (error) {
    return { status: "fail", ms: Date.now() - startedAt, reason: oneLine(error) };
  } finally {
    await withTimeout(cleanup(), 10_000, "cleanup hung").catch(() => undefined);
  }
}

function describe(outcome: CaseOutcome): string {
  if (outcome.status === "pass") return `pass (${outcome.ms} ms)`;
  if (outcome.status === "skip") return `skip (${outcome.reason})`;
  return `FAIL (${outcome.reason})`;
}

// Callers that already import the suite runner take it from here.
export { oneLine } from "./one-line";
