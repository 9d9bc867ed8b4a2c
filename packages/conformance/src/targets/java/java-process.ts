import { spawn } from "node:child_process";
import { createWriteStream, type WriteStream } from "node:fs";
import { access, constants } from "node:fs/promises";
import { delimiter, join } from "node:path";

/** Resolves with the path of `java` on PATH, or rejects with `java is not on PATH: Java 17 runs <what>`. */
export async function requireJava(what: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  for (const dir of (env["PATH"] ?? "").split(delimiter).filter(Boolean)) {
    const candidate = join(dir, "java");
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  throw new Error(`java is not on PATH: Java 17 runs ${what}`);
}

/** A log line that makes a start fail although the process lives on (e.g. a port it could not bind). */
export interface FailureLine {
  readonly pattern: RegExp;
  readonly reason: (line: string) => string;
}

export interface JavaProcessOptions {
  /** The program in messages, e.g. `qpid-broker-j 10.1.0`. */
  readonly label: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  /** stdout and stderr go here (appended). */
  readonly logFile: string;
  /** The output line that means ready. */
  readonly ready: RegExp;
  readonly failures?: readonly FailureLine[];
  /** Default 120 s. */
  readonly readyTimeoutMs?: number;
}

/** A started process, the leader of its own process group. */
export interface JavaProcess {
  readonly pid: number;
  readonly logFile: string;
  /** SIGTERM to the whole group, SIGKILL after 10 s; resolves once the leader has exited. Never rejects. */
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 10_000;
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");
const live = new Set<number>();

/** Stack frames and blank lines say nothing on their own; the line before them does. */
function isTelling(line: string): boolean {
  return line.length > 0 && !/^(at |\.\.\. \d+ )/.test(line);
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is gone
  }
}

/** No broker outlives the Node process that started it, even when it is interrupted. */
function killAll(): void {
  for (const pid of live) signalGroup(pid, "SIGKILL");
  live.clear();
}

const SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

function onSignal(signal: NodeJS.Signals): void {
  killAll();
  watch(false);
  // Nobody else handles the signal: end the way Node would have without this handler.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function watch(on: boolean): void {
  const method = on ? "on" : "off";
  process[method]("exit", killAll);
  for (const signal of SIGNALS) process[method](signal, onSignal);
}

function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    void promise.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

function endLog(log: WriteStream): Promise<void> {
  return new Promise((resolve) => log.end(() => resolve()));
}

/**
 * Starts a broker process in a new process group with its output captured to `logFile`, and resolves once
 * it prints its ready line. Rejects with one line, after killing the group, when the process exits first
 * (`... exited with code 1 before it was ready (log ...): <last line>`), prints a failure line, or is not
 * ready within the deadline.
 */
export function startJavaProcess(options: JavaProcessOptions): Promise<JavaProcess> {
  const { label, logFile } = options;
  const log = createWriteStream(logFile, { flags: "a" });
  log.on("error", () => undefined); // a lost log must not crash the run; the ready line still arrives
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const pid = child.pid;
  if (pid !== undefined) {
    if (live.size === 0) watch(true);
    live.add(pid);
  }
  let lastLine = "(no output)";
  let exitedWith: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once("error", (error) => {
      if (pid !== undefined) return; // a failed kill, not a failed start
      exitedWith = `could not be started (${error.message})`;
      resolve();
    });
    child.once("exit", (code, signal) => {
      exitedWith = signal ? `was killed by ${signal}` : `exited with code ${String(code)}`;
      // Let the pipes deliver the last lines before anyone reads lastLine.
      setTimeout(resolve, 200);
    });
  });

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      if (pid !== undefined) {
        if (exitedWith === undefined) {
          signalGroup(pid, "SIGTERM");
          if (!(await within(exited, STOP_GRACE_MS))) {
            signalGroup(pid, "SIGKILL");
            await within(exited, 5_000);
          }
        }
        signalGroup(pid, "SIGKILL"); // anything the leader left behind in its group
        if (live.delete(pid) && live.size === 0) watch(false);
      }
      await endLog(log);
    })().catch(() => undefined));

  return new Promise<JavaProcess>((resolve, reject) => {
    let settled = false;
    const timeoutMs = options.readyTimeoutMs ?? 120_000;
    const fail = (message: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stop().then(() => reject(new Error(message)));
    };
    const timer = setTimeout(
      () => fail(`${label} was not ready within ${timeoutMs / 1000} s (log ${logFile}): ${lastLine}`),
      timeoutMs,
    );
    const onLine = (raw: string) => {
      const line = raw.replace(ANSI, "").trim();
      if (isTelling(line)) lastLine = line;
      if (settled) return;
      const failure = options.failures?.find((f) => f.pattern.test(line));
      if (failure) fail(failure.reason(line));
      else if (options.ready.test(line) && pid !== undefined) {
        settled = true;
        clearTimeout(timer);
        resolve({ pid, logFile, stop });
      }
    };
    for (const stream of [child.stdout, child.stderr]) {
      let partial = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk: string) => {
        log.write(chunk);
        const parts = (partial + chunk).split(/\r?\n/);
        partial = parts.pop() ?? "";
        parts.forEach(onLine);
      });
      stream.on("end", () => {
        if (partial) onLine(partial);
      });
    }
    void exited.then(() =>
      fail(`${label} ${exitedWith ?? "exited"} before it was ready (log ${logFile}): ${lastLine}`),
    );
  });
}
