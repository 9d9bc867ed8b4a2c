import { describeExit, sleep, type ProcessGroup } from "./process-group";

export interface ReadyOptions {
  /** The program's name in messages, e.g. `rabbitmq-server`. */
  readonly name: string;
  readonly group: ProcessGroup;
  readonly timeoutMs: number;
  /** Polled until it returns true. */
  readonly ready: () => Promise<boolean> | boolean;
  readonly intervalMs?: number;
  /** Why it failed, in a few words: usually the last useful log line. */
  readonly explain: () => string;
}

/**
 * Waits until `ready()` holds while the process is alive. Rejects with one line when the process exits
 * first (`rabbitmq-server exited with code 1 before it was ready: <last log line>`) or at the deadline.
 */
export async function waitUntilReady(options: ReadyOptions): Promise<void> {
  const { name, group, timeoutMs, explain } = options;
  const interval = options.intervalMs ?? 200;
  const deadline = Date.now() + timeoutMs;
  const earlyExit = () => {
    const status = group.exitStatus;
    return status && new Error(`${name} ${describeExit(status)} before it was ready: ${explain()}`);
  };
  for (;;) {
    const exited = earlyExit();
    if (exited) throw exited;
    const ready = await options.ready();
    const exitedMeanwhile = earlyExit();
    if (exitedMeanwhile) throw exitedMeanwhile;
    if (ready) return;
    if (Date.now() >= deadline)
      throw new Error(`${name} was not ready within ${Math.round(timeoutMs / 1000)} s: ${explain()}`);
    await Promise.race([sleep(interval), group.exited]);
  }
}
