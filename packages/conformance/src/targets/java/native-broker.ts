import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RunningTarget } from "../../harness/target";
import { acceptsConnections, BROKER_HOST, ensurePortFree, freePort } from "./free-port";
import type { JavaProcess } from "./java-process";

/** How to run a native Java broker target. */
export interface NativeBrokerOptions {
  /** A fixed AMQP port; default: a free port chosen per start. */
  readonly port?: number;
}

/** The AMQP port for a start: the fixed one (checked free, else `<label> cannot start: port N is taken`) or a free one. */
export async function amqpPort(label: string, fixed: number | undefined): Promise<number> {
  if (fixed === undefined) return freePort();
  try {
    await ensurePortFree(fixed);
  } catch (error) {
    throw new Error(`${label} cannot start: ${(error as Error).message}`);
  }
  return fixed;
}

/** A fixed port from an environment variable (e.g. JMS_TS_ARTEMIS_PORT), or undefined when it is unset. */
export function portFromEnv(name: string, env: NodeJS.ProcessEnv = process.env): number | undefined {
  const text = env[name];
  if (text === undefined || text === "") return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65_535)
    throw new Error(`${name} must be a TCP port (1-65535), not ${JSON.stringify(text)}`);
  return port;
}

/** A fresh work directory for one start, under the OS temp dir. */
export function newWorkDir(name: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `jms-ts-${name}-`));
}

/**
 * Checks that a broker that said it is ready accepts connections on its AMQP port, and wraps it for the
 * harness. Stopping kills the process group and removes the work directory; a failed start keeps the work
 * directory (its log is named in the error).
 */
export async function runningBroker(
  label: string,
  broker: JavaProcess,
  port: number,
  work: string,
): Promise<RunningTarget> {
  if (!(await acceptsConnections(port))) {
    await broker.stop();
    throw new Error(
      `${label} said it was ready but port ${port} accepts no connection (log ${broker.logFile})`,
    );
  }
  return {
    url: `amqp://${BROKER_HOST}:${port}`,
    async stop() {
      await broker.stop();
      await rm(work, { recursive: true, force: true }).catch(() => undefined);
    },
  };
}
