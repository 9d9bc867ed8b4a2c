import { oneLine } from "../harness/run-suite";
import type { Log, Target } from "../harness/target";
import { withTimeout } from "../harness/with-timeout";
import { selectTargets } from "../targets/index";
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
 * The broker for `options`: the URL as given, or `--target` started (Java brokers per `--via`).
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
  const target = pickTarget(options);
  log(`jms-perf: starting ${target.id}`);
  let running;
  try {
    running = await withTimeout(
      target.start(log),
      START_TIMEOUT_MS,
      `no broker within ${START_TIMEOUT_MS / 1000} s`,
    );
  } catch (error) {
    throw new Error(`${target.id} did not start: ${oneLine(error)}`);
  }
  log(`jms-perf: ${target.id} is up at ${running.url}`);
  return {
    label: target.id,
    url: running.url,
    ...(running.username === undefined ? {} : { username: running.username }),
    ...(running.password === undefined ? {} : { password: running.password }),
    address: target.queueName(options.queue),
    stop: () => running.stop(),
  };
}

function pickTarget(options: PerfOptions): Target {
  const candidates = selectTargets([options.target], undefined);
  const chosen =
    candidates.find((t) => t.via === options.via) ?? (candidates.length === 1 ? candidates[0] : undefined);
  if (!chosen) throw new Error(`no target ${options.target} run ${options.via}`);
  return chosen;
}
