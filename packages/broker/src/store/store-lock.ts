import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { StoreError, StoreLockedError } from "./message-store";
import { describeOsError, osErrorCode } from "./os-error";

/** Directories this process holds: a second store on one of them is refused even though the pid is ours. */
const heldHere = new Set<string>();

const POLL_INTERVAL_MS = 50;

/** A held `<dir>/lock`; release() removes it. */
export interface StoreLock {
  /** A stale lock that was taken over, or undefined. */
  readonly takenOver: string | undefined;
  release(): void;
}

/**
 * Takes `<directory>/lock` (created with O_EXCL, holding {pid, hostname, startedAt}). A lock whose process
 * is alive on this host blocks (polling up to `waitMs`, then StoreLockedError). A lock left by a dead
 * process, by our own pid (a restarted container is often pid 1 again) or by another host (a container gets
 * a new hostname per run and we cannot test liveness there) is taken over and reported.
 */
export async function acquireStoreLock(directory: string, waitMs: number): Promise<StoreLock> {
  const file = path.join(directory, "lock");
  const key = path.resolve(directory);
  const deadline = Date.now() + waitMs;
  for (;;) {
    const holder = heldHere.has(key) ? process.pid : tryCreate(file);
    if (holder === undefined) return held(key, file, undefined);
    if (typeof holder === "string") {
      fs.rmSync(file, { force: true });
      const again = tryCreate(file);
      if (again === undefined) return held(key, file, holder);
    } else if (Date.now() >= deadline) {
      throw new StoreLockedError(
        `data directory ${directory} is in use by broker process ${holder} (lock file ${file})`,
      );
    } else {
      await delay(POLL_INTERVAL_MS);
    }
  }
}

function held(key: string, file: string, takenOver: string | undefined): StoreLock {
  heldHere.add(key);
  let released = false;
  return {
    takenOver,
    release() {
      if (released) return;
      released = true;
      heldHere.delete(key);
      fs.rmSync(file, { force: true });
    },
  };
}

/** undefined: the lock is ours; a number: the live pid holding it; a string: why the lock is stale. */
function tryCreate(file: string): number | string | undefined {
  try {
    const fd = fs.openSync(file, "wx", 0o644);
    try {
      fs.writeSync(fd, JSON.stringify({ pid: process.pid, hostname: os.hostname(), startedAt: new Date() }));
    } finally {
      fs.closeSync(fd);
    }
    return undefined;
  } catch (error) {
    if (osErrorCode(error) !== "EEXIST") {
      throw new StoreError(`cannot create lock file ${file}: ${describeOsError(error)}`);
    }
  }
  return staleReason(file);
}

function staleReason(file: string): number | string {
  let owner: { pid?: unknown; hostname?: unknown };
  try {
    owner = JSON.parse(fs.readFileSync(file, "utf8")) as typeof owner;
  } catch {
    return `took over unreadable lock file ${file}`;
  }
  const pid = typeof owner.pid === "number" ? owner.pid : NaN;
  if (owner.hostname !== os.hostname()) {
    return `took over lock file ${file} of process ${pid} on host ${String(owner.hostname)}`;
  }
  if (pid === process.pid || !isAlive(pid)) return `took over stale lock file ${file} of dead process ${pid}`;
  return pid;
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return osErrorCode(error) === "EPERM"; // exists, but belongs to another user
  }
}
