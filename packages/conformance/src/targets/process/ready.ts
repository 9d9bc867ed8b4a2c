import type { ExitStatus, ProcessGroup } from "./process-group";
import { sleep } from "./time";

/** An output line that makes a start fail although the process lives on (e.g. a port it could not bind). */
export interface FailureLine {
  readonly pattern: RegExp;
  /** The whole one-line error, from the (trimmed) line. */
  readonly reason: (line: string) => string;
}

export interface ReadyOptions {
  /** The program in messages, e.g. `rabbitmq-server` or `qpid-broker-j 10.1.0`. */
  readonly name: string;
  readonly group: ProcessGroup;
  readonly timeoutMs: number;
  /** An output line that means ready (or, with `ready`, that polling may begin). */
  readonly readyLine?: RegExp;
  /** Polled until it returns true (e.g. the port accepts connections), after `readyLine` if any. */
  readonly ready?: () => Promise<boolean> | boolean;
  readonly intervalMs?: number;
  /** Checked on every line until ready; the first match fails the start with its reason. */
  readonly failures?: readonly FailureLine[];
  /** Why it failed, in a few words: usually the last useful log line. */
  readonly explain: () => string;
}

/**
 * Waits until the process is ready while it is alive. Rejects with one line when it exits first
 * (`rabbitmq-server exited with code 1 before it was ready: <last log line>`), prints a failure line, or
 * is not ready by the deadline; messages name the group's log file when it has one. Killing the group
 * after a failure is the caller's job (it may want to stop more than this group).
 */
export async function waitUntilReady(options: ReadyOptions): Promise<void> {
  const { name, group, timeoutMs, readyLine, explain } = options;
  const interval = options.intervalMs ?? 200;
  const deadline = Date.now() + timeoutMs;
  const where = group.logFile === undefined ? "" : ` (log ${group.logFile})`;

  let sawReadyLine = readyLine === undefined;
  let failure: string | undefined;
  let wake = () => {};
  // Lines are watched as they come, so a ready or failure line is acted on at once, not at the next poll.
  const unsubscribe = group.onLine((raw) => {
    if (sawReadyLine || failure !== undefined) return;
    const line = raw.trim();
    const failed = options.failures?.find((f) => f.pattern.test(line));
    if (failed) failure = failed.reason(line);
    else if (readyLine?.test(line)) sawReadyLine = true;
    wake();
  });

  const check = () => {
    if (failure !== undefined) throw new Error(failure);
    const status = group.exitStatus;
    if (status) throw new Error(`${name} ${describeExit(status)} before it was ready${where}: ${explain()}`);
  };
  try {
    for (;;) {
      check();
      const ready = sawReadyLine && (options.ready ? await options.ready() : true);
      check(); // it may have exited while polled
      if (ready) return;
      if (Date.now() >= deadline)
        throw new Error(`${name} was not ready within ${timeoutMs / 1000} s${where}: ${explain()}`);
      const woken = new Promise<void>((resolve) => (wake = resolve));
      await Promise.race([sleep(Math.min(interval, deadline - Date.now())), group.exited, woken]);
    }
  } finally {
    unsubscribe();
  }
}

/** `exited with code 1`, `was killed by SIGKILL`, `could not be started (spawn x ENOENT)`. */
export function describeExit(status: ExitStatus): string {
  if (status.error) return `could not be started (${status.error.message})`;
  if (status.signal) return `was killed by ${status.signal}`;
  return `exited with code ${status.code}`;
}

/** The last non-blank line of a group's output that `useful` accepts, trimmed, or `(no output)`. */
export function lastUsefulLine(group: ProcessGroup, useful: (line: string) => boolean = () => true): string {
  const lines = group.lastLines().map((line) => line.trim());
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i];
    if (line && useful(line)) return line;
  }
  return "(no output)";
}
