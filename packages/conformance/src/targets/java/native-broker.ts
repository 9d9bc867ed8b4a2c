import { access, constants, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import type { RunningTarget } from "../../harness/target";
import { ensurePortFree, freePort, LOOPBACK, portAccepts } from "../process/ports";
import { spawnGroup, type ProcessGroup } from "../process/process-group";
import { lastUsefulLine, waitUntilReady, type FailureLine } from "../process/ready";

/** How to run a native Java broker target. */
export interface NativeBrokerOptions {
  /** A fixed AMQP port; default: a free port chosen per start. */
  readonly port?: number;
  /**
   * Persistent messages reach the disk (fsync) before the broker accepts them, as in production. Off for the
   * conformance suite, which only needs a clean shutdown to keep them; on for benchmarks (`npm run bench`).
   */
  readonly syncToDisk?: boolean;
}

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

/**
 * The AMQP port for a start: the fixed one (checked free on every address, else `<label> cannot start:
 * port N is taken`) or a free one. Every address, because Broker-J binds the wildcard address.
 */
export async function amqpPort(label: string, fixed: number | undefined): Promise<number> {
  if (fixed === undefined) return freePort();
  try {
    await ensurePortFree(fixed);
  } catch (error) {
    throw new Error(`${label} cannot start: ${(error as Error).message}`);
  }
  return fixed;
}

/** A fresh work directory for one start, under the OS temp dir. */
export function newWorkDir(name: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `jms-ts-${name}-`));
}

export interface NativeBrokerLaunch {
  /** The broker in messages, e.g. `qpid-broker-j 10.1.0`. */
  readonly label: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** stdout and stderr go here (appended); it lives in `work`. */
  readonly logFile: string;
  /** The output line that means ready. */
  readonly ready: RegExp;
  readonly failures: readonly FailureLine[];
  readonly port: number;
  /** The start's work directory, removed on stop. */
  readonly work: string;
}

const READY_TIMEOUT_MS = 120_000;
/** A JVM may take a while to shut down cleanly. */
const STOP_GRACE_MS = 10_000;

/** Stack frames say nothing on their own; the line before them does. */
function isTelling(line: string): boolean {
  return !/^(at |\.\.\. \d+ )/.test(line);
}

/**
 * Starts a Java broker in its own process group and resolves once it has printed its ready line and
 * accepts connections on its AMQP port. Rejects with one line, after killing the group, when it exits
 * first (`... exited with code 1 before it was ready (log ...): <last line>`), prints a failure line, is
 * not ready within 120 s or accepts no connection. Stopping kills the group and removes the work
 * directory; a failed start keeps it (its log is named in the error). Restarting stops the group the same
 * way (SIGTERM: the JVM's shutdown hooks close the stores) and launches it again on the same port and
 * work directory, appending to the same log.
 */
export async function startNativeBroker(launch: NativeBrokerLaunch): Promise<RunningTarget> {
  let broker = await launchUntilReady(launch);
  return {
    url: `amqp://${LOOPBACK}:${launch.port}`,
    async restart(log) {
      await broker.kill(STOP_GRACE_MS);
      const status = broker.exitStatus;
      if (status?.signal === "SIGKILL")
        log(`${launch.label} ignored SIGTERM for ${STOP_GRACE_MS / 1000} s and was killed: data may be lost`);
      log(`${launch.label} stopped; starting again on port ${launch.port} (log ${launch.logFile})`);
      const started = Date.now();
      broker = await launchUntilReady(launch);
      log(`${launch.label} ready again in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    },
    async stop() {
      await broker.kill(STOP_GRACE_MS);
      await rm(launch.work, { recursive: true, force: true }).catch(() => undefined);
    },
  };
}

async function launchUntilReady(launch: NativeBrokerLaunch): Promise<ProcessGroup> {
  const { label, port, logFile } = launch;
  const broker = spawnGroup(launch.command, launch.args, { cwd: launch.cwd, env: launch.env, logFile });
  try {
    await waitUntilReady({
      name: label,
      group: broker,
      timeoutMs: READY_TIMEOUT_MS,
      readyLine: launch.ready,
      failures: launch.failures,
      explain: () => lastUsefulLine(broker, isTelling),
    });
    if (!(await portAccepts(port, LOOPBACK, 2_000)))
      throw new Error(`${label} said it was ready but port ${port} accepts no connection (log ${logFile})`);
  } catch (error) {
    await broker.kill(STOP_GRACE_MS);
    throw error;
  }
  return broker;
}
