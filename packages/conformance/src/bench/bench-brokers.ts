import { oneLine } from "../harness/one-line";
import type { Log } from "../harness/target";
import { withTimeout } from "../harness/with-timeout";
import { artemisNative, qpidBrokerJNative } from "../targets/java/index";
import { startBundledProcess } from "../perf/bundled-process";
import type { BenchBroker } from "./bench-plan";

/** A broker started for a comparison; runs reach it by URL, each on a queue of its own. */
export interface StartedBroker {
  readonly name: BenchBroker;
  /** With credentials when the broker needs them. */
  readonly url: string;
  /** The queue's name as this broker spells it. */
  queueName(name: string): string;
  /** Never rejects. */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 180_000;

/**
 * Starts `name` in a process of its own: the bundled broker as `jms-broker` with a fresh data directory
 * (so persistent messages go to its journal) as `jms-perf --via process` does, a Java broker natively as the
 * conformance suite does but syncing persistent messages to disk before accepting them, as the bundled broker
 * does, so the persistent comparison compares like with like.
 * @throws Error with one line when it does not start.
 */
export async function startBenchBroker(name: BenchBroker, log: Log): Promise<StartedBroker> {
  try {
    return await withTimeout(
      name === "bundled" ? startBundled() : startJava(name, log),
      START_TIMEOUT_MS,
      `not up within ${START_TIMEOUT_MS / 1000} s`,
    );
  } catch (error) {
    throw new Error(`${name} did not start: ${oneLine(error)}`);
  }
}

async function startJava(name: "qpid-broker-j" | "artemis", log: Log): Promise<StartedBroker> {
  const target = (name === "artemis" ? artemisNative : qpidBrokerJNative)({ syncToDisk: true });
  const running = await target.start(log);
  const url = new URL(running.url);
  if (running.username !== undefined) url.username = encodeURIComponent(running.username);
  if (running.password !== undefined) url.password = encodeURIComponent(running.password);
  return {
    name,
    url: url.toString().replace(/\/$/, ""),
    queueName: (queue) => target.queueName(queue),
    stop: () => running.stop(),
  };
}

async function startBundled(): Promise<StartedBroker> {
  const broker = await startBundledProcess();
  return { name: "bundled", url: broker.url, queueName: (queue) => queue, stop: () => broker.stop() };
}
