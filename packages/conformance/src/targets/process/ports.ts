import { connect, createServer, type Server } from "node:net";

/** Where the harness reaches every native target. */
export const LOOPBACK = "127.0.0.1";

/** No host: the wildcard address, where e.g. Broker-J binds; a port free there is free on every address. */
function listen(port: number, host: string | undefined): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen({ port, host, exclusive: true }, () => resolve(server));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * `count` distinct TCP ports free right now on `host` (default: all addresses), chosen by the OS. All are
 * held open until all are chosen, so they differ; another process may still take one before the broker
 * binds it (rare), and the broker's bind failure then fails the start with one line.
 */
export async function freePorts(count: number, host?: string): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) servers.push(await listen(0, host));
    return servers.map((server) => {
      const address = server.address();
      if (address === null || typeof address === "string") throw new Error("the OS gave no free TCP port");
      return address.port;
    });
  } finally {
    await Promise.all(servers.map(close));
  }
}

/** One port, as freePorts. */
export async function freePort(host?: string): Promise<number> {
  const [port] = await freePorts(1, host);
  if (port === undefined) throw new Error("the OS gave no free TCP port");
  return port;
}

/**
 * Rejects with one line when the port cannot be bound now: `port 5672 on 127.0.0.1 is taken`, or
 * `port 5672 is taken` when no host is given (all addresses).
 */
export async function ensurePortFree(port: number, host?: string): Promise<void> {
  let server: Server;
  try {
    server = await listen(port, host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "EADDRINUSE" ? "is taken" : `cannot be bound (${code ?? String(error)})`;
    throw new Error(`port ${port}${host === undefined ? "" : ` on ${host}`} ${why}`);
  }
  await close(server);
}

/** Whether a TCP connection to host:port is accepted within `timeoutMs`. */
export function portAccepts(port: number, host = LOOPBACK, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const done = (accepted: boolean) => {
      socket.destroy();
      resolve(accepted);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/** A port pinned by an environment variable (e.g. JMS_TS_RABBITMQ_PORT), or undefined when it is unset. */
export function portFromEnv(name: string, env: NodeJS.ProcessEnv = process.env): number | undefined {
  const value = env[name];
  if (value === undefined || value === "") return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65_535)
    throw new Error(`${name}=${value} is not a TCP port (1-65535)`);
  return port;
}
