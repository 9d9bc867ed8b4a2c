import { spawn } from "node:child_process";

/** How a process ended: an exit code, a signal, or an error starting it (e.g. ENOENT). */
export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly error?: Error;
}

export interface SpawnOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Output lines kept for `lastLines` (default 200). */
  readonly keepLines?: number;
}

/** A child process leading its own process group (and session), so that stopping it stops its children. */
export interface ProcessGroup {
  /** Undefined when the process could not be started (see `exited`). */
  readonly pid: number | undefined;
  /** Settles when the leader has exited; never rejects. */
  readonly exited: Promise<ExitStatus>;
  /** The leader's exit status, once it has exited. */
  readonly exitStatus: ExitStatus | undefined;
  /** The last lines of stdout and stderr, interleaved, oldest first. */
  lastLines(count?: number): string[];
  /** Calls `listener` with every later output line. */
  onLine(listener: (line: string) => void): void;
  /**
   * SIGTERM to the whole group, SIGKILL after `graceMs`; resolves once the leader has exited and the group
   * is empty (or after a last few seconds). Never rejects; calling it again is harmless.
   */
  kill(graceMs?: number): Promise<void>;
}

const live = new Set<number>();
let handlersInstalled = false;

function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // ESRCH: no process left in the group
  }
}

const lastCleanups = new Set<() => void>();

/** Last resort when this Node process ends with brokers still running: no orphans left behind. */
function killAllNow(): void {
  for (const pid of live) signalGroup(pid, "SIGKILL");
  live.clear();
  for (const cleanup of lastCleanups) {
    try {
      cleanup();
    } catch {
      // best effort while exiting
    }
  }
  lastCleanups.clear();
}

/**
 * Runs `cleanup` (synchronous, e.g. removing a temp dir) if this Node process exits or is interrupted while
 * process groups are still running, after they are killed. Returns a function that cancels it.
 */
export function atEmergencyExit(cleanup: () => void): () => void {
  lastCleanups.add(cleanup);
  return () => lastCleanups.delete(cleanup);
}

function onSignal(signal: NodeJS.Signals): void {
  killAllNow();
  uninstallHandlers();
  // Nobody else handles the signal: end the way Node would have without this handler.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on("exit", killAllNow);
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  process.on("SIGHUP", onSignal);
}

function uninstallHandlers(): void {
  if (!handlersInstalled) return;
  handlersInstalled = false;
  process.off("exit", killAllNow);
  process.off("SIGINT", onSignal);
  process.off("SIGTERM", onSignal);
  process.off("SIGHUP", onSignal);
}

/** A plain delay; it keeps Node alive (an unref'd timer would let a stopping run end silently). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves true when `promise` settles within `ms`, false otherwise. */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Starts `command` as the leader of a new process group, stdin closed, stdout and stderr read line by
 * line. If this Node process exits or is interrupted first, the group is killed.
 */
export function spawnGroup(
  command: string,
  args: readonly string[],
  options: SpawnOptions = {},
): ProcessGroup {
  const keep = options.keepLines ?? 200;
  const lines: string[] = [];
  const listeners: ((line: string) => void)[] = [];
  let exitStatus: ExitStatus | undefined;

  const child = spawn(command, args, {
    env: options.env ?? process.env,
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const pid = child.pid;
  if (pid !== undefined) {
    live.add(pid);
    installHandlers();
  }

  const take = (line: string) => {
    lines.push(line);
    if (lines.length > keep) lines.shift();
    for (const listener of listeners) listener(line);
  };
  for (const stream of [child.stdout, child.stderr]) {
    let partial = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
      const parts = (partial + chunk).split(/\r?\n/);
      partial = parts.pop() ?? "";
      for (const part of parts) take(part);
    });
    stream.on("end", () => {
      if (partial) take(partial);
      partial = "";
    });
  }

  const exited = new Promise<ExitStatus>((resolve) => {
    child.once("error", (error) => {
      // An error after a successful spawn (a failed kill) is not an exit.
      if (pid === undefined) resolve((exitStatus = { code: null, signal: null, error }));
    });
    child.once("exit", (code, signal) => {
      // Give the pipes a moment to deliver the last lines (a grandchild may hold them open longer).
      const status = { code, signal };
      const timer = setTimeout(() => resolve((exitStatus = status)), 300);
      child.once("close", () => {
        clearTimeout(timer);
        resolve((exitStatus = status));
      });
    });
  });

  const forget = () => {
    if (pid === undefined) return;
    live.delete(pid);
    if (live.size === 0) uninstallHandlers();
  };

  let killing: Promise<void> | undefined;
  const kill = (graceMs = 5_000): Promise<void> => {
    killing ??= (async () => {
      if (pid === undefined) return;
      try {
        if (signalGroup(pid, "SIGTERM")) {
          const deadline = Date.now() + graceMs;
          while (Date.now() < deadline && (!exitStatus || signalGroup(pid, 0))) await sleep(50);
        }
        signalGroup(pid, "SIGKILL");
        await settlesWithin(exited, 5_000);
        for (let i = 0; i < 50 && signalGroup(pid, 0); i++) await sleep(100);
      } catch {
        // never reject: stopping is best effort past SIGKILL
      } finally {
        forget();
      }
    })();
    return killing;
  };
  void exited.then(() => {
    // The leader is gone; children that stayed in the group are still killed by `kill`.
    if (pid !== undefined && !signalGroup(pid, 0)) forget();
  });

  return {
    pid,
    exited,
    get exitStatus() {
      return exitStatus;
    },
    lastLines: (count = keep) => lines.slice(-count),
    onLine: (listener) => listeners.push(listener),
    kill,
  };
}

/** What a command printed and how it ended. */
export interface CommandResult {
  readonly status: ExitStatus;
  /** True when the command was killed at its deadline. */
  readonly timedOut: boolean;
  readonly output: string[];
}

/** Runs a command to completion, killing its process group at `timeoutMs`; never rejects, never hangs. */
export async function runCommand(
  command: string,
  args: readonly string[],
  options: SpawnOptions & { readonly timeoutMs: number },
): Promise<CommandResult> {
  const group = spawnGroup(command, args, options);
  const finished = await settlesWithin(group.exited, options.timeoutMs);
  if (!finished) await group.kill(1_000);
  const status = (await group.exited) ?? { code: null, signal: null };
  return { status, timedOut: !finished, output: group.lastLines() };
}

/** `exited with code 1`, `was killed by SIGKILL`, `could not be started (spawn x ENOENT)`. */
export function describeExit(status: ExitStatus): string {
  if (status.error) return `could not be started (${status.error.message})`;
  if (status.signal) return `was killed by ${status.signal}`;
  return `exited with code ${status.code}`;
}

/** The last non-blank line of a group's output that `useful` accepts, or `(no output)`. */
export function lastUsefulLine(group: ProcessGroup, useful: (line: string) => boolean = () => true): string {
  const lines = group.lastLines().map((line) => line.trim());
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i];
    if (line && useful(line)) return line;
  }
  return "(no output)";
}
