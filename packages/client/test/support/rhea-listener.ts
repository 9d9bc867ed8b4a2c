import type { AddressInfo, Server } from "node:net";
import type { Container } from "rhea";

/**
 * Listens with a bare rhea container on a free loopback port, for wire tests that script the open or SASL
 * exchange themselves; connection errors are expected there and kept quiet.
 */
export async function listenOnLoopback(
  container: Container,
): Promise<{ port: number; close: () => Promise<void> }> {
  container.on("disconnected", () => undefined);
  container.on("error", () => undefined);
  const server = container.listen({ host: "127.0.0.1", port: 0 } as never) as Server;
  await new Promise((resolve) => server.once("listening", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
