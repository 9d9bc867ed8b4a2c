import { connect, createServer, type Server } from "node:net";

/** Every native target listens on loopback only. */
export const LOOPBACK = "127.0.0.1";

function listen(port: number, host: string): Promise<Server> {
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
 * `count` distinct TCP ports free on `host` right now, chosen by the OS. All are held open until all are
 * chosen, so they differ; another process may still take one before the broker binds it (rare).
 */
export async function freePorts(count: number, host = LOOPBACK): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) servers.push(await listen(0, host));
    return servers.map((server) => {
      const address = server.address();
      if (address === null || typeof address === "string") throw new Error("no port from the OS");
      return address.port;
    });
  } finally {
    await Promise.all(servers.map(close));
  }
}

/** Rejects with one line (`port 5672 on 127.0.0.1 is taken`) when the port cannot be bound now. */
export async function ensurePortFree(port: number, host = LOOPBACK): Promise<void> {
  let server: Server;
  try {
    server = await listen(port, host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "EADDRINUSE" ? "is taken" : `cannot be bound (${code ?? String(error)})`;
    throw new Error(`port ${port} on ${host} ${why}`);
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

/** A port given in an environment variable (to pin a broker's port), or undefined when unset. */
export function portFromEnv(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const value = env[name];
  if (value === undefined || value === "") return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65_535)
    throw new Error(`${name}=${value} is not a TCP port (1-65535)`);
  return port;
}
