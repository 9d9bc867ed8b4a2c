import { installRheaPatches } from "@jms-ts/rhea-patches";
import { platform, release } from "node:os";
import rhea, { type Connection, type EventContext } from "rhea";
import type { ConnectionInfo } from "../provider";
import { ProviderError } from "../provider-error";
import { fromAmqpError } from "./amqp-error-conditions";
import { Capability, Condition, ConnectionProperty, ErrorInfo } from "./amqp-symbols";
import { transportFailure, transportOptions } from "./amqp-transport";
import { type AmqpUri, describeEndpoint } from "./amqp-uri";
import { CLIENT_VERSION } from "./client-version";
import { installSasl, saslPlaceholders, type SaslState } from "./sasl/sasl-layer";
import type { SaslCredentials } from "./sasl/sasl-negotiator";

installRheaPatches();

/**
 * Opens an AMQP connection the way Qpid JMS does [qpid-jms 2.8]: container-id = ClientID, the
 * strongest SASL mechanism both sides allow (docs/decisions/0009), the four desired capabilities,
 * and no rhea auto-reconnect (it would drop in-flight deliveries silently [rhea.md 1.8]).
 */
export async function openAmqpConnection(uri: AmqpUri, info: ConnectionInfo): Promise<Connection> {
  const container = rhea.create_container({ id: info.clientId });
  // rhea turns an unhandled endpoint error into an 'error' event; never let that reach the process.
  container.on("error", () => undefined);
  const credentials: SaslCredentials = {
    ...(info.username === undefined ? {} : { username: info.username, password: info.password ?? "" }),
    hasClientCertificate: uri.transport.cert !== undefined,
    allowed: uri.amqp.saslMechanisms,
  };
  const connection = container.connect({
    ...transportOptions(uri),
    ...(uri.amqp.vhost === undefined ? {} : { hostname: uri.amqp.vhost, sasl_init_hostname: uri.amqp.vhost }),
    container_id: info.clientId,
    reconnect: false,
    idle_time_out: uri.amqp.idleTimeout,
    // @jms-ts/rhea-patches enforces it on input too.
    max_frame_size: uri.amqp.maxFrameSize,
    sasl_mechanisms: saslPlaceholders(uri.amqp.saslMechanisms),
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
  const sasl = installSasl(connection, credentials);
  await withTimeout(opened(connection, uri, sasl, info), uri.jms.connectTimeout, () => abort(connection));
  return connection;
}

function opened(connection: Connection, uri: AmqpUri, sasl: SaslState, info: ConnectionInfo): Promise<void> {
  const where = describeEndpoint(uri);
  return new Promise<void>((settleResolve, settleReject) => {
    const handlers = {
      connection_open: () => {
        // A refusing broker opens with this property and closes at once [qpid-jms 2.8]: wait for the close.
        const properties = (connection as unknown as { properties?: Record<string, unknown> }).properties;
        if (properties?.[ConnectionProperty.connectionEstablishmentFailed] === undefined) resolve();
      },
      connection_close: onClose,
      disconnected: onDisconnected,
    };
    // rhea may report one failure as several events; listeners stay until the first settles the promise.
    const done = () => Object.entries(handlers).forEach(([event, handler]) => connection.off(event, handler));
    const resolve = () => (done(), settleResolve());
    const reject = (error: ProviderError) => {
      done();
      // rhea prints unheard disconnects to the console; this one is already reported.
      connection.on("disconnected", () => undefined);
      settleReject(error);
    };
    Object.entries(handlers).forEach(([event, handler]) => connection.on(event, handler));
    function onClose(context: EventContext) {
      if (sasl.failure !== undefined || sasl.outcomeCode !== undefined)
        return reject(saslError(where, sasl, info));
      // A SASL failure arrives as the context's error; a broker's close frame as the connection's.
      const error = (context as { error?: unknown }).error ?? context.connection.error;
      // The close frame's error keeps its info map; rhea's context error does not.
      if (isInvalidClientId(context.connection.error))
        return reject(
          new ProviderError(
            "invalid-client-id",
            `the broker at ${where} refused ClientID "${info.clientId}"`,
            {
              condition: Condition.invalidField,
              cause: error,
            },
          ),
        );
      reject(fromAmqpError(error, "connection-failed", `the broker at ${where} refused the connection`));
    }
    function onDisconnected(context: EventContext) {
      const error = (context as { error?: unknown }).error ?? transportFailure(connection);
      if (sasl.failure !== undefined || sasl.outcomeCode !== undefined || isSaslFailure(error))
        return reject(saslError(where, sasl, info, error));
      reject(
        new ProviderError("connection-failed", `cannot connect to ${where}: ${describe(error)}`, {
          cause: error,
          retryable: true,
        }),
      );
    }
  });
}

/** The broker said no to the credentials, or the client found no acceptable mechanism; never echoes the password. */
function saslError(where: string, sasl: SaslState, info: ConnectionInfo, cause?: unknown): ProviderError {
  const user = info.username === undefined ? "anonymous" : `user "${info.username}"`;
  const mechanism = sasl.mechanism ?? "no mechanism";
  let message: string;
  if (sasl.failure !== undefined && sasl.outcomeCode === undefined)
    message = `SASL with the broker at ${where} failed for ${user} with ${mechanism}: ${sasl.failure}`;
  else if (sasl.outcomeCode !== undefined && sasl.outcomeCode >= 2)
    message = `the broker at ${where} could not authenticate ${user} with ${mechanism} (SASL outcome ${outcomeName(sasl.outcomeCode)}, a broker-side error)`;
  else message = `authentication failed for ${user} with mechanism ${mechanism} at ${where}`;
  return new ProviderError("security", message, {
    condition: Condition.unauthorizedAccess,
    ...(cause === undefined ? {} : { cause }),
    retryable: sasl.outcomeCode === 4,
  });
}

/** Gives up on a connection whose peer does not answer: a polite close alone would leave the socket open. */
function abort(connection: Connection): void {
  connection.on("disconnected", () => undefined);
  connection.close();
  const socket = (connection as unknown as { socket?: { destroy?: () => void; end?: () => void } }).socket;
  if (socket?.destroy) socket.destroy();
  else socket?.end?.();
}

function outcomeName(code: number): string {
  return ["ok", "auth", "sys", "sys-perm", "sys-temp"][code] ?? String(code);
}

function isInvalidClientId(error: unknown): boolean {
  const { condition, info } = (error ?? {}) as { condition?: unknown; info?: Record<string, unknown> };
  return condition === Condition.invalidField && info?.[ErrorInfo.invalidField] === ErrorInfo.containerId;
}

function isSaslFailure(error: unknown): boolean {
  const condition = (error as { condition?: unknown } | undefined)?.condition;
  return typeof condition === "string" && condition.startsWith(Condition.unauthorizedAccess);
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "string") return error;
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
