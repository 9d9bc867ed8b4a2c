import { existsSync, rmSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { bundledRoutingTopology } from "../targets/bundled-topology";
import { atEmergencyExit } from "../targets/process/kill-on-exit";
import { spawnGroup } from "../targets/process/process-group";
import { lastUsefulLine, waitUntilReady } from "../targets/process/ready";

export interface BundledProcessOptions {
  /** The broker's `--config` file; default the topology the bundled target uses. */
  readonly config?: string;
  /** Where the fresh data directory is made; default the system's temp directory. */
  readonly parentDir?: string;
  /** How long the broker may take to print its listening line; default 30 s. */
  readonly readyTimeoutMs?: number;
}

/** The bundled broker running as its own `jms-broker` process. */
export interface BundledProcess {
  /** `amqp://127.0.0.1:PORT`, as the broker announced it. */
  readonly url: string;
  readonly pid: number;
  /** The fresh data directory it journals to; removed by `stop`. */
  readonly dataDir: string;
  /** SIGTERM (a clean shutdown), SIGKILL after a grace period, then removes the data directory. Never rejects. */
  stop(): Promise<void>;
}

const LISTENING = /^jms-broker listening on (amqp:\/\/\S+)$/;
const STOP_GRACE_MS = 10_000;

/**
 * Starts the `jms-broker` CLI in a child process on a free port, with the bundled target's topology and a
 * fresh data directory (so persistent messages go to the disk journal, as for a user's broker), and waits
 * for its listening line.
 * @throws Error with one line when the CLI is not built, or the broker exits or stays silent first.
 */
export async function startBundledProcess(options: BundledProcessOptions = {}): Promise<BundledProcess> {
  const cli = brokerCli();
  const dataDir = await mkdtemp(join(options.parentDir ?? tmpdir(), "jms-ts-perf-broker-"));
  // If jms-perf is interrupted, the group is killed; this then removes the directory.
  const forgetDir = atEmergencyExit(() => rmSync(dataDir, { recursive: true, force: true }));
  const args = ["--port", "0", "--config", options.config ?? bundledRoutingTopology()];
  const group = spawnGroup(process.execPath, [cli, ...args, "--data-dir", dataDir, "--quiet"]);
  let url: string | undefined;
  const off = group.onLine((line) => (url ??= LISTENING.exec(line.trim())?.[1]));
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await group.kill(STOP_GRACE_MS);
      await rm(dataDir, { recursive: true, force: true }).catch(() => undefined);
      forgetDir();
    })());
  try {
    await waitUntilReady({
      name: "jms-broker",
      group,
      timeoutMs: options.readyTimeoutMs ?? 30_000,
      readyLine: LISTENING,
      explain: () => lastUsefulLine(group),
    });
  } catch (error) {
    await stop();
    throw error;
  } finally {
    off();
  }
  if (url === undefined || group.pid === undefined) {
    await stop();
    throw new Error("jms-broker announced no amqp:// URL");
  }
  return { url, pid: group.pid, dataDir, stop };
}

/** The built CLI of @jms-ts/broker (`dist/cli.js`, what the `jms-broker` bin loads). */
function brokerCli(): string {
  let dir: string;
  try {
    // The package's entry (under vitest its source, in a build its dist); its package.json is above it.
    dir = dirname(createRequire(import.meta.url).resolve("@jms-ts/broker"));
  } catch {
    throw new Error("cannot find @jms-ts/broker: run npm install and npm run build in the jms-ts repository");
  }
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  const cli = join(dir, "dist", "cli.js");
  if (!existsSync(cli)) throw new Error(`the jms-broker CLI is not built (${cli}): run npm run build`);
  return cli;
}
