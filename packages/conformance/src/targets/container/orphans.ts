import type { Log } from "../../harness/target";

/**
 * Label on every broker container: the pid of the Node process that started it. Ryuk (testcontainers' reaper)
 * is off on Podman, so a run that dies leaves its containers behind; the next start removes those whose
 * process is gone, and leaves alone the containers of runs still going.
 */
export const OWNER_LABEL = "dev.jms-ts.conformance.pid";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes broker containers left by dead runs; never rejects. */
export async function removeOrphans(log: Log): Promise<void> {
  try {
    const { getContainerRuntimeClient } = await import("testcontainers");
    const client = await getContainerRuntimeClient();
    const orphans = (await client.container.list()).filter((info) => {
      const owner = Number(info.Labels[OWNER_LABEL]);
      return Number.isInteger(owner) && owner > 0 && !alive(owner);
    });
    for (const info of orphans) {
      const container = client.container.getById(info.Id);
      await client.container.stop(container, { timeout: 0 }).catch(() => undefined);
      await client.container.remove(container, { removeVolumes: true }).catch(() => undefined);
      log(`  removed container ${info.Id.slice(0, 12)} left by process ${info.Labels[OWNER_LABEL]}`);
    }
  } catch (error) {
    log(
      `  could not look for leftover containers: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
