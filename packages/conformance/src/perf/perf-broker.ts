import { oneLine } from "../harness/one-line";
import type { Log, Target } from "../harness/target";
import { withTimeout } from "../harness/with-timeout";
import { startBundledProcess } from "./bundled-process";
import type { PerfOptions } from "./perf-options";

/** The broker a run uses: given by URL, or started for it (and stopped by `stop`). */
export interface PerfBroker {
  /** `bundled`, `artemis (native)`, ... or the URL without credentials. */
  readonly label: string;
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
  /** The queue's name as this broker spells it. */
  readonly address: string;
  /** Stops a started broker; nothing for a URL. Never rejects. */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 180_000;

/**
 * The broker for `options`: the URL as given, or `--target` started: the bundled broker as a `jms-broker`
 * child process or in this process (`--via`), Java brokers natively or in a container.
 * @throws Error with one line when the target cannot start.
 */
export async function perfBroker(options: PerfOptions, log: Log): Promise<PerfBroker> {
  if (options.url !== undefined) {
    const url = new URL(options.url);
    url.username = "";
    url.password = "";
    url.search = "";
    return {
      label: url.toString().replace(/\/$/, ""),
      url: options.url,
      address: options.queue,
      stop: () => Promise.resolve(),
    };
  }
  if (options.target === "bundled" && options.via === "process") return bundledProcess(options, log);
  // Loaded only for these targets: the in-process one brings the broker (and rhea's patches) along.
  const target = pickTarget(options, (await import("../targets/index")).selectTargets);
  const label = target.name === "bundled" ? "bundled (in-process)" : target.id;
  log(`jms-perf: starting ${label}`);
  let running;
  try {
    running = await withTimeout(
      target.start(log),
      START_TIMEOUT_MS,
      `no broker within ${START_TIMEOUT_MS / 1000} s`,
    );
  } catch (error) {
    throw new Error(`${label} did not start: ${oneLine(error)}`);
  }
  log(`jms-perf: ${label} is up at ${running.url}`);
  return {
    label,
    url: running.url,
    ...(running.username === undefined ? {} : { username: running.username }),
    ...(running.password === undefined ? {} : { password: running.password }),
    address: target.queueName(options.queue),
    stop: () => running.stop(),
  };
}

/** The bundled broker's own CLI in a child process, as a user runs it beside their clients. */
async function bundledProcess(options: PerfOptions, log: Log): Promise<PerfBroker> {
  const label = "bundled (process)";
  log(`jms-perf: starting ${label}`);
  let broker;
  try {
    broker = await startBundledProcess();
  } catch (error) {
    throw new Error(`${label} did not start: ${oneLine(error)}`);
  }
  log(`jms-perf: ${label} is up at ${broker.url} (pid ${broker.pid}, data in ${broker.dataDir})`);
  return { label, url: broker.url, address: options.queue, stop: () => broker.stop() };
}

function pickTarget(
  options: PerfOptions,
  selectTargets: (names: string[], via: undefined) => Target[],
): Target {
  const candidates = selectTargets([options.target], undefined);
  const chosen =
    candidates.find((t) => t.via === options.via) ?? (candidates.length === 1 ? candidates[0] : undefined);
  if (!chosen) throw new Error(`no target ${options.target} run ${options.via}`);
  return chosen;
}
