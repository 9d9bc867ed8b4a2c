import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { forget, killOnExit, signalGroup } from "./kill-on-exit";
import { settlesWithin, sleep } from "./time";

/** How a process ended: an exit code, a signal, or an error starting it (e.g. ENOENT). */
export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly error?: Error;
}

export interface SpawnOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** stdout and stderr are appended here as they come, for the person reading a failed start. */
  readonly logFile?: string;
  /** Output lines kept for `lastLines` (default 200). */
  readonly keepLines?: number;
}

/** A child process leading its own process group (and session), so that stopping it stops its children. */
export interface ProcessGroup {
  /** Undefined when the process could not be started (see `exited`). */
  readonly pid: number | undefined;
  readonly logFile: string | undefined;
  /** Settles when the leader has exited; never rejects. */
  readonly exited: Promise<ExitStatus>;
  /** The leader's exit status, once it has exited. */
  readonly exitStatus: ExitStatus | undefined;
  /** The last output lines (stdout and stderr interleaved, colour codes removed), oldest first. */
  lastLines(count?: number): string[];
  /** Calls `listener` with every later output line; returns a function that stops that. */
  onLine(listener: (line: string) => void): () => void;
  /**
   * SIGTERM to the whole group, SIGKILL after `graceMs`; resolves once the leader has exited, the group is
   * empty (or after a last few seconds) and the log is flushed. Never rejects; calling it again is harmless.
   */
  kill(graceMs?: number): Promise<void>;
}

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");

/**
 * Starts `command` as the leader of a new process group, stdin closed, stdout and stderr read line by
 * line (and logged). If this Node process exits or is interrupted first, the group is killed.
 */
export function spawnGroup(
  command: string,
  args: readonly string[],
  options: SpawnOptions = {},
): ProcessGroup {
  const keep = options.keepLines ?? 200;
  const lines: string[] = [];
  const listeners = new Set<(line: string) => void>();
  let exitStatus: ExitStatus | undefined;

  const log = options.logFile === undefined ? undefined : createWriteStream(options.logFile, { flags: "a" });
  log?.on("error", () => undefined); // a lost log must not crash the run; the lines still arrive
  let logEnded: Promise<void> | undefined;
  const endLog = () =>
    (logEnded ??= new Promise<void>((resolve) => (log ? log.end(() => resolve()) : resolve())));

  const child = spawn(command, args, {
    env: options.env ?? process.env,
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const pid = child.pid;
  if (pid !== undefined) killOnExit(pid);

  const take = (line: string) => {
    const clean = line.replace(ANSI, "");
    lines.push(clean);
    if (lines.length > keep) lines.shift();
    for (const listener of listeners) listener(clean);
  };
  for (const stream of [child.stdout, child.stderr]) {
    let partial = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
      if (log && !log.writableEnded) log.write(chunk);
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
  child.once("close", () => void endLog());

  let killing: Promise<void> | undefined;
  const kill = (graceMs = 5_000): Promise<void> =>
    (killing ??= (async () => {
      try {
        if (pid === undefined) return;
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
        if (pid !== undefined) forget(pid);
        await endLog();
      }
    })());
  void exited.then(() => {
    // The leader is gone; children that stayed in the group are still killed by `kill`.
    if (pid !== undefined && !signalGroup(pid, 0)) forget(pid);
  });

  return {
    pid,
    logFile: options.logFile,
    exited,
    get exitStatus() {
      return exitStatus;
    },
    lastLines: (count = keep) => lines.slice(-count),
    onLine: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    kill,
  };
}
