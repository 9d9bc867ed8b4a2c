import { installRheaPatches } from "@jms-ts/rhea-patches";
import { platform, release } from "node:os";
import rhea, { type Connection, type EventContext } from "rhea";
import type { ConnectionInfo } from "../provider";
import { ProviderError } from "../provider-error";
import { fromAmqpError } from "./amqp-error-conditions";
import { Capability, ConnectionProperty } from "./amqp-symbols";
import type { AmqpUri } from "./amqp-uri";
import { CLIENT_VERSION } from "./client-version";

installRheaPatches();

/**
 * Opens an AMQP connection the way Qpid JMS does [qpid-jms 2.8]: container-id = ClientID, SASL PLAIN
 * with credentials or ANONYMOUS without, the four desired capabilities, Nagle off, and no rhea
 * auto-reconnect (it would drop in-flight deliveries silently [rhea.md 1.8]).
 */
export async function openAmqpConnection(uri: AmqpUri, info: ConnectionInfo): Promise<Connection> {
  const container = rhea.create_container({ id: info.clientId });
  // rhea turns an unhandled endpoint error into an 'error' event; never let that reach the process.
  container.on("error", () => undefined);
  const sasl = rhea.sasl.client_mechanisms();
  if (info.username !== undefined) sasl.enable_plain(info.username, info.password ?? "");
  else sasl.enable_anonymous("anonymous");
  const connection = container.connect({
    host: uri.host,
    port: uri.port,
    hostname: uri.vhost,
    container_id: info.clientId,
    reconnect: false,
    tcp_no_delay: true,
    idle_time_out: uri.idleTimeoutMs,
    // Qpid JMS's amqp.maxFrameSize default; @jms-ts/rhea-patches enforces it on input.
    max_frame_size: 1024 * 1024,
    sasl_mechanisms: sasl,
    desired_capabilities: [
      Capability.soleConnectionForContainer,
      Capability.delayedDelivery,
      Capability.anonymousRelay,
      Capability.sharedSubs,
    ],
    properties: {
      [ConnectionProperty.product]: "jms-ts",
      [ConnectionProperty.version]: CLIENT_VERSION,
      [ConnectionProperty.platform]: `Node.js ${process.version}, ${platform()} ${release()}`,
    },
  } as never);
  await withTimeout(opened(connection, uri), uri.connectTimeoutMs, () => connection.close());
  return connection;
}

function opened(connection: Connection, uri: AmqpUri): Promise<void> {
  const where = `amqp://${uri.host}:${uri.port}`;
  return new Promise((resolve, reject) => {
    connection.once("connection_open", () => resolve());
    connection.once("connection_close", (context: EventContext) =>
      reject(
        fromAmqpError(
          // A SASL failure arrives as the context's error; a broker's close frame as the connection's.
          (context as { error?: unknown }).error ?? context.connection.error,
          "connection-failed",
          `the broker at ${where} refused the connection`,
        ),
      ),
    );
    connection.once("disconnected", (context: EventContext) => {
      const error = (context as { error?: unknown }).error;
      const sasl = isSaslFailure(error);
      reject(
        sasl
          ? new ProviderError("security", `authentication with the broker at ${where} failed`, {
              cause: error,
            })
          : new ProviderError("connection-failed", `cannot connect to ${where}: ${describe(error)}`, {
              cause: error,
              retryable: true,
            }),
      );
    });
  });
}

function isSaslFailure(error: unknown): boolean {
  const condition = (error as { condition?: unknown } | undefined)?.condition;
  return typeof condition === "string" && condition.startsWith("amqp:unauthorized-access");
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === "object" && "description" in error) return String(error.description);
  return "connection lost";
}

async function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  if (ms <= 0) return promise;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new ProviderError("timed-out", `no AMQP connection within ${ms} ms`, { retryable: true }));
    }, ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
