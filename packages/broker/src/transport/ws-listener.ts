import type { Container } from "rhea";
import type { ConnectionDefaults, ListenOptions } from "./listener";

/** The part of the `ws` package's WebSocketServer we use (the package ships no types of its own). */
interface WebSocketServer {
  on(event: "connection", listener: (socket: { terminate(): void }) => void): void;
  once(event: "listening", listener: () => void): void;
  once(event: "error", listener: (error: Error) => void): void;
  off(event: "error", listener: (error: Error) => void): void;
  address(): { port: number };
  clients: Set<{ terminate(): void; close(): void }>;
  close(callback: () => void): void;
}
type WebSocketServerClass = new (options: Record<string, unknown>) => WebSocketServer;

/**
 * AMQP over WebSocket [AMQP WebSocket binding]: subprotocol `amqp`, each binary message a chunk of the
 * AMQP byte stream, handed to rhea's `websocket_accept`. Needs the `ws` package, loaded on demand.
 */
export class WsListener {
  private constructor(private readonly server: WebSocketServer) {}

  static async open(
    container: Container,
    options: ListenOptions,
    defaults: ConnectionDefaults,
  ): Promise<WsListener> {
    const WebSocketServerClass = await loadWebSocketServer();
    const server = new WebSocketServerClass({
      host: options.host,
      port: options.port,
      handleProtocols: (protocols: Set<string>) => (protocols.has("amqp") ? "amqp" : false),
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
    return this.server.address().port;
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

async function loadWebSocketServer(): Promise<WebSocketServerClass> {
  const name = "ws";
  try {
    const module = (await import(name)) as {
      WebSocketServer?: WebSocketServerClass;
      default?: { WebSocketServer?: WebSocketServerClass };
    };
    const found = module.WebSocketServer ?? module.default?.WebSocketServer;
    if (!found) throw new Error("no WebSocketServer export");
    return found;
  } catch (error) {
    throw new Error('the WebSocket listener needs the "ws" package: npm install ws', { cause: error });
  }
}
