import type { AddressInfo } from "node:net";
import type { Container } from "rhea";
import { WebSocketServer } from "ws";
import type { ConnectionDefaults, ListenOptions } from "./listener";

/**
 * AMQP over WebSocket [AMQP WebSocket binding]: subprotocol `amqp`, each binary message a chunk of the
 * AMQP byte stream, handed to rhea's `websocket_accept`.
 */
export class WsListener {
  private constructor(private readonly server: WebSocketServer) {}

  static async open(
    container: Container,
    options: ListenOptions,
    defaults: ConnectionDefaults,
  ): Promise<WsListener> {
    const server = new WebSocketServer({
      host: options.host,
      port: options.port,
      handleProtocols: (protocols) => (protocols.has("amqp") ? "amqp" : false),
    });
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error) =>
        reject(
          new Error(`cannot listen for WebSocket on ${options.host}:${options.port}: ${error.message}`, {
            cause: error,
          }),
        );
      server.once("error", onError);
      server.once("listening", () => {
        server.off("error", onError);
        resolve();
      });
    });
    const rheaContainer = container as unknown as {
      websocket_accept(socket: unknown, options: unknown): void;
    };
    server.on("connection", (socket) => rheaContainer.websocket_accept(socket, { ...defaults }));
    return new WsListener(server);
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Stops accepting; sockets still open after the close frames had a chance to go out are cut. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    await new Promise((resolve) => setImmediate(resolve));
    for (const client of this.server.clients) client.close();
    const forceAfter = setTimeout(() => this.server.clients.forEach((client) => client.terminate()), 1000);
    await closed;
    clearTimeout(forceAfter);
  }
}
