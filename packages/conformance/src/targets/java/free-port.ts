import { connect, createServer, type Server } from "node:net";

/** Where the harness reaches a native broker. */
export const BROKER_HOST = "127.0.0.1";

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    // No host: the wildcard address, where Broker-J binds (Artemis is told 127.0.0.1).
    server.listen({ port, exclusive: true }, () => resolve(server));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * A TCP port free right now, chosen by the OS. Another process may take it before the broker binds it (rare);
 * the broker's bind failure then fails the start with one line.
 */
export async function freePort(): Promise<number> {
  const server = await listen(0);
  const address = server.address();
  await close(server);
  if (address === null || typeof address === "string") throw new Error("the OS gave no free TCP port");
  return address.port;
}

/** Rejects with one line (`port 5672 is taken`) when the port cannot be bound now. */
export async function ensurePortFree(port: number): Promise<void> {
  let server: Server;
  try {
    server = await listen(port);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
      code === "EADDRINUSE" ? `port ${port} is taken` : `port ${port} cannot be bound (${String(code)})`,
    );
  }
  await close(server);
}

/** True when a TCP connection to host:port opens within `timeoutMs`. */
export function acceptsConnections(port: number, host = BROKER_HOST, timeoutMs = 2_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}
