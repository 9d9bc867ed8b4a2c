// No broker outlives the Node process that started it, even when the run is interrupted: every live
// process group is SIGKILLed when Node exits or gets SIGINT/SIGTERM/SIGHUP.

const live = new Set<number>();
const lastCleanups = new Set<() => void>();
const SIGNALS: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
let watching = false;

/** Signals every process of group `pid`; false when none is left (ESRCH). Signal 0 only asks. */
export function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

function killAllNow(): void {
  for (const pid of live) signalGroup(pid, "SIGKILL");
  live.clear();
  for (const cleanup of lastCleanups) {
    try {
      cleanup();
    } catch {
      // best effort while exiting
    }
  }
  lastCleanups.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  killAllNow();
  watch(false);
  // Nobody else handles the signal: end the way Node would have without this handler.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

// The handlers are installed only while groups run, so an idle harness handles signals as Node does.
function watch(on: boolean): void {
  if (watching === on) return;
  watching = on;
  const method = on ? "on" : "off";
  process[method]("exit", killAllNow);
  for (const signal of SIGNALS) process[method](signal, onSignal);
}

/** Kills group `pid` if Node exits or is interrupted before `forget(pid)`. */
export function killOnExit(pid: number): void {
  live.add(pid);
  watch(true);
}

export function forget(pid: number): void {
  live.delete(pid);
  if (live.size === 0) watch(false);
}

/**
 * Runs `cleanup` (synchronous, e.g. removing a temp dir) if Node exits or is interrupted while process
 * groups still run, after they are killed. Returns a function that cancels it.
 */
export function atEmergencyExit(cleanup: () => void): () => void {
  lastCleanups.add(cleanup);
  return () => lastCleanups.delete(cleanup);
}
