import { oneLine } from "../harness/one-line";
import type { Log } from "../harness/target";
import { loadRunner } from "./load-runner";
import { type PerfBroker, perfBroker } from "./perf-broker";
import { PerfCounters } from "./perf-counters";
import type { PerfOptions } from "./perf-options";
import { buildPerfResult, type PerfResult } from "./perf-result";
import { startProgress } from "./progress";
import { type ClientRun, producerQuotas, type Workload } from "./workload";

/**
 * Runs one benchmark: gets the broker (started when no URL), connects the client's consumers then its
 * producers, sends, waits until every message sent was received, and stops what it started.
 * `log` gets progress lines (every second) and the broker's start-up lines.
 * @throws Error with one line when the broker cannot be reached, a message is lost or duplicated, a send
 *   is refused, or nothing moves for `--timeout` seconds.
 */
export async function runPerf(options: PerfOptions, log: Log): Promise<PerfResult> {
  const broker = await perfBroker(options, log);
  try {
    return await runOn(broker, options, log);
  } finally {
    await broker.stop();
  }
}

async function runOn(broker: PerfBroker, options: PerfOptions, log: Log): Promise<PerfResult> {
  const runner = await loadRunner(options.client);
  const counters = new PerfCounters();
  const stop = new AbortController();
  const workload: Workload = {
    url: broker.url,
    ...(broker.username === undefined ? {} : { username: broker.username }),
    ...(broker.password === undefined ? {} : { password: broker.password }),
    address: broker.address,
    options,
    body: Buffer.alloc(options.bodySize, "x"),
    quotas: producerQuotas(options.count, options.producers),
    stop: stop.signal,
  };
  if (options.count !== undefined) counters.expect(options.count);
  let run: ClientRun;
  try {
    run = await runner(workload, counters);
  } catch (error) {
    throw new Error(`${options.client} on ${broker.label}: ${oneLine(error)}`);
  }
  const stopProgress = startProgress(counters, log);
  const timer =
    options.durationSeconds === undefined
      ? undefined
      : setTimeout(() => stop.abort(), options.durationSeconds * 1000);
  const stallMs = options.timeoutSeconds * 1000;
  try {
    await watch(counters, run.sending, stallMs, () => `sending (sent ${counters.sent})`);
    counters.expect(counters.sent);
    await watch(
      counters,
      untilChanged(counters, () => counters.complete()),
      stallMs,
      () => receiving(counters),
    );
    await run.finish();
    // The broker's accepts may trail the last receive; wait for them so settled_count is whole.
    await watch(
      counters,
      untilChanged(counters, () => counters.settled >= counters.sent),
      stallMs,
      () => `waiting for the broker to accept ${counters.sent - counters.settled} more sends`,
    );
  } finally {
    clearTimeout(timer);
    stopProgress();
    await run.close();
  }
  if (counters.failure) throw counters.failure;
  if (counters.received !== counters.sent) throw new Error(receiving(counters));
  return buildPerfResult(options, broker.label, counters, await rheaPatched());
}

/** Whether rhea in this process ran patched; asking loads the patches package but installs nothing. */
async function rheaPatched(): Promise<boolean> {
  return (await import("@jms-ts/rhea-patches")).rheaPatchesInstalled();
}

function receiving(counters: PerfCounters): string {
  return `received ${counters.received} of ${counters.sent} messages sent`;
}

/** Resolves once `done()` holds, checked after every change of the counters. */
function untilChanged(counters: PerfCounters, done: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (done()) return resolve();
    const off = counters.onChange(() => {
      if (done() || counters.failure) {
        off();
        resolve();
      }
    });
  });
}

/**
 * Waits for `until`, failing with the run's failure as soon as there is one, or when nothing was sent,
 * accepted or received for `stallMs` (then the message says what it was waiting for).
 */
async function watch(
  counters: PerfCounters,
  until: Promise<void>,
  stallMs: number,
  what: () => string,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let off: () => void = () => undefined;
  const stalled = new Promise<never>((_, reject) => {
    const progress = () => counters.sent + counters.settled + counters.received;
    let last = progress();
    let lastChange = Date.now();
    const check = () => {
      if (counters.failure) return reject(counters.failure);
      const now = Date.now();
      if (progress() !== last) {
        last = progress();
        lastChange = now;
      } else if (now - lastChange >= stallMs) {
        reject(new Error(`${what()}: nothing moved for ${stallMs / 1000} s`));
      }
    };
    off = counters.onChange(() => {
      if (counters.failure) reject(counters.failure);
    });
    timer = setInterval(check, Math.min(250, stallMs));
  });
  // Settled by the race below, or never once the race is over (its timer and listener are gone).
  stalled.catch(() => undefined);
  try {
    await Promise.race([until, stalled]);
  } finally {
    clearInterval(timer);
    off();
  }
  if (counters.failure) throw counters.failure;
}
