import type { AddressInfo, Server, Socket } from "node:net";
import type { Container } from "rhea";

export interface ListenOptions {
  host: string;
  port: number;
}

/** rhea connection options applied to every accepted connection. */
export type ConnectionDefaults = Record<string, unknown>;

/** A listening AMQP socket and the connections it accepted. */
export class Listener {
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server) {
    server.on("connection", (socket: Socket) => {
      this.sockets.add(socket);
      socket.once("close", () => this.sockets.delete(socket));
    });
  }

  /** Listens with Nagle off on every accepted socket (rhea leaves it on for servers [rhea.md 1.14]). */
  static async open(
    container: Container,
    options: ListenOptions,
    defaults: ConnectionDefaults,
  ): Promise<Listener> {
    const listenOptions = { ...defaults, host: options.host, port: options.port, tcp_no_delay: true };
    const server = container.listen(listenOptions as never) as Server;
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error) => reject(describeListenError(error, options));
      server.once("error", onError);
      server.once("listening", () => {
        server.off("error", onError);
        resolve();
      });
    });
    return new Listener(server);
  }

  get address(): AddressInfo {
    return this.server.address() as AddressInfo;
  }

  /** Stops accepting, then ends every open socket once the close frames had a chance to go out. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    await new Promise((resolve) => setImmediate(resolve));
    for (const socket of this.sockets) socket.end();
    const forceAfter = setTimeout(() => this.sockets.forEach((socket) => socket.destroy()), 1000);
    await closed;
    clearTimeout(forceAfter);
  }
}

/** Turns the errors people actually hit into one clear line. */
function describeListenError(error: Error, options: ListenOptions): Error {
  const code = (error as NodeJS.ErrnoException).code;
  const where = `${options.host}:${options.port}`;
  if (code === "EADDRINUSE")
    return new Error(`cannot listen on ${where}: the port is already in use`, { cause: error });
  if (code === "EACCES") return new Error(`cannot listen on ${where}: permission denied`, { cause: error });
  if (code === "EADDRNOTAVAIL")
    return new Error(`cannot listen on ${where}: no such local address`, { cause: error });
  return new Error(`cannot listen on ${where}: ${error.message}`, { cause: error });
}
