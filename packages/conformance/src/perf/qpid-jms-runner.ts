import { type ChildProcessByStdio, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { requireQpidJmsPeerJar } from "../peers/qpid-jms-peer";
import type { PerfCounters } from "./perf-counters";
import { qpidJmsPerfArguments } from "./qpid-jms-perf-args";
import { applyQpidJmsPerfLine, parseQpidJmsPerfLine } from "./qpid-jms-perf-lines";
import type { ClientRun, ClientRunner, Workload } from "./workload";

/**
 * The benchmark's JVM. Not the interop peer's options (C1 only, 256 MiB), which suit a process that sends a
 * few messages and exits: a benchmark runs long enough for C2 to compile Qpid JMS's hot paths, and C1 alone
 * would measure Qpid JMS slower than users see it; a backlog of large messages needs the heap. The default
 * collector (G1 on this machine size) is what a Qpid JMS application would run with.
 */
const PERF_JVM_OPTIONS = ["-Xmx1g"];
/** How long `close` lets the JVM close its connections before killing it. */
const CLOSE_MS = 20_000;
const STDERR_LINES = 20;

/**
 * The workload through the real Apache Qpid JMS client: the Qpid JMS peer's `perf` command
 * (java/.../PerfCommand.java) in a JVM of its own runs the consumers (MessageListeners) and producers
 * (BytesMessages, asynchronous sends with a CompletionListener, transacted batches) as jms-perf's jms-ts
 * runner does, and reports counts every 250 ms and the latencies at the end as JSON lines, which fill
 * `counters`. Resolves once the JVM has attached every consumer and producer.
 * @throws Error with one line when the jar is not built, `java` cannot run, or the broker refuses.
 */
export const runQpidJms: ClientRunner = async (workload, counters) => {
  const jar = requireQpidJmsPeerJar();
  const child = spawn("java", [...PERF_JVM_OPTIONS, "-jar", jar, ...qpidJmsPerfArguments(workload)], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  return await new QpidJmsProcess(child, workload, counters).attached;
};

interface Deferred {
  readonly promise: Promise<void>;
  resolve(): void;
  reject(error: Error): void;
}

function deferred(): Deferred {
  let resolve: () => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Each is awaited by run-perf or by a method below; a rejection nobody awaits must not crash the process.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/** One JVM running the workload: its output fills the counters, its stdin takes `stop` and `finish`. */
class QpidJmsProcess {
  readonly attached: Promise<ClientRun>;
  private readonly ready = deferred();
  private readonly sending = deferred();
  private readonly finished = deferred();
  private readonly closed: Promise<void>;
  private readonly stderr: string[] = [];
  private attaching = true;
  private closing = false;
  private failure: Error | undefined;

  constructor(
    private readonly child: ChildProcessByStdio<Writable, Readable, Readable>,
    private readonly workload: Workload,
    private readonly counters: PerfCounters,
  ) {
    // Writes after the JVM has gone fail with EPIPE; its exit is reported on its own.
    child.stdin.on("error", () => undefined);
    createInterface({ input: child.stdout }).on("line", (text) => this.onLine(text));
    createInterface({ input: child.stderr }).on("line", (text) => {
      if (text.trim() === "") return;
      this.stderr.push(text.trim());
      if (this.stderr.length > STDERR_LINES) this.stderr.shift();
    });
    this.closed = new Promise((resolve) => {
      child.on("error", (error) => {
        this.fail(new Error(`cannot run java: ${error.message}`));
        // A JVM that never started closes nothing.
        if (child.pid === undefined) resolve();
      });
      child.on("close", (code, signal) => {
        if (!this.closing)
          this.fail(new Error(`the Qpid JMS client ${exitOf(code, signal)}: ${this.lastError()}`));
        resolve();
      });
    });
    this.workload.stop.addEventListener("abort", this.stop, { once: true });
    this.attached = this.ready.promise.then(() => this.run());
    // A failure before the JVM is ready: stop it, then reject with the failure.
    this.attached.catch(() => this.close());
  }

  private run(): ClientRun {
    return {
      sending: this.sending.promise,
      finish: () => this.finish(),
      close: () => this.close(),
    };
  }

  private onLine(text: string): void {
    if (text.trim() === "") return;
    let line;
    try {
      line = parseQpidJmsPerfLine(text);
    } catch (error) {
      this.fail(new Error(`the Qpid JMS client printed ${(error as Error).message}`));
      return;
    }
    if (line.kind === "error") return this.fail(new Error(line.message));
    if (this.closing) return;
    applyQpidJmsPerfLine(line, this.counters);
    if (line.kind === "ready") {
      this.attaching = false;
      this.ready.resolve();
    } else if (line.kind === "sent-all") {
      this.sending.resolve();
    } else if (line.kind === "finished") {
      this.finished.resolve();
    }
  }

  /** The first failure wins: before `ready` it rejects the runner, after it the run. */
  private fail(error: Error): void {
    if (this.failure || (this.closing && !this.attaching)) return;
    this.failure = error;
    if (this.attaching) {
      this.ready.reject(error);
      return;
    }
    this.counters.fail(error);
    this.sending.reject(error);
    this.finished.reject(error);
  }

  private readonly stop = (): void => {
    this.child.stdin.write("stop\n");
  };

  private async finish(): Promise<void> {
    if (this.failure) throw this.failure;
    this.child.stdin.write("finish\n");
    await this.finished.promise;
  }

  /** Ends stdin (the JVM then closes its connections and exits), or kills the JVM after CLOSE_MS. */
  private async close(): Promise<void> {
    this.closing = true;
    this.workload.stop.removeEventListener("abort", this.stop);
    if (this.child.pid === undefined || this.child.exitCode !== null || this.child.signalCode !== null)
      return this.closed;
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill("SIGKILL"), CLOSE_MS);
    await this.closed;
    clearTimeout(timer);
  }

  private lastError(): string {
    return this.stderr.findLast((line) => /error|exception/i.test(line)) ?? this.stderr.at(-1) ?? "no output";
  }
}

function exitOf(code: number | null, signal: NodeJS.Signals | null): string {
  return signal === null ? `exited with code ${code}` : `was killed by ${signal}`;
}
