import { readFileSync } from "node:fs";
import { isIP, connect as netConnect, type Socket } from "node:net";
import { connect as tlsConnect, type ConnectionOptions as TlsOptions } from "node:tls";
import rhea from "rhea";
import WebSocket from "ws";
import { ProviderError } from "../provider-error";
import { type AmqpUri, describeEndpoint } from "./amqp-uri";

/** rhea's `connect` hook: (port, host, options, onConnected) → a socket-like object. */
type ConnectFn = (port: number, host: string, options: unknown, onConnected: () => void) => unknown;

/**
 * The rhea connect options that pick the transport of a URI scheme: TCP, TLS, or AMQP over
 * WebSocket (subprotocol `amqp`, as Qpid JMS), with `transport.connectTimeout` on the socket.
 */
export function transportOptions(uri: AmqpUri): Record<string, unknown> {
  const secure = uri.scheme === "amqps" || uri.scheme === "amqpwss";
  const tls = secure ? tlsOptions(uri) : undefined;
  if (uri.scheme === "amqpws" || uri.scheme === "amqpwss") {
    const host = uri.host.includes(":") ? `[${uri.host}]` : uri.host;
    const url = `${secure ? "wss" : "ws"}://${host}:${uri.port}${uri.path}`;
    const details = (rhea as unknown as WebSocketConnect).websocket_connect(WebSocket)(url, ["amqp"], {
      ...tls,
      handshakeTimeout: uri.transport.connectTimeout || undefined,
    });
    return { connection_details: details };
  }
  const connect: ConnectFn = (port, host, _options, onConnected) => {
    const socket: Socket = tls
      ? tlsConnect({ ...tls, host, port }, onConnected)
      : netConnect({ host, port, noDelay: uri.transport.tcpNoDelay }, onConnected);
    guardConnect(socket, uri, tls !== undefined);
    return socket;
  };
  return { connect, host: uri.host, port: uri.port, tcp_no_delay: uri.transport.tcpNoDelay };
}

/** Node TLS options from `transport.*`: PEM files read now, so a wrong path fails with its name. */
export function tlsOptions(uri: AmqpUri): TlsOptions {
  const t = uri.transport;
  const options: TlsOptions = { rejectUnauthorized: !t.trustAll };
  // SNI takes host names only [RFC 6066 3]; for an IP address Node checks the certificate against the host.
  const servername = t.servername ?? (isIP(uri.host) ? undefined : uri.host);
  if (servername !== undefined) options.servername = servername;
  if (t.ca !== undefined) options.ca = readPem("transport.ca", t.ca);
  if (t.cert !== undefined) options.cert = readPem("transport.cert", t.cert);
  if (t.key !== undefined) options.key = readPem("transport.key", t.key);
  if (t.keyPassphrase !== undefined) options.passphrase = t.keyPassphrase;
  if (!t.verifyHost) options.checkServerIdentity = () => undefined;
  return options;
}

function readPem(option: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new ProviderError("general", `${option}: cannot read "${path}": ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** transport.connectTimeout bounds the TCP connect and TLS handshake; errors say which failed. */
function guardConnect(socket: Socket, uri: AmqpUri, secure: boolean): void {
  const ms = uri.transport.connectTimeout;
  const connectedEvent = secure ? "secureConnect" : "connect";
  const timer =
    ms > 0
      ? setTimeout(
          () => socket.destroy(new Error(`no ${secure ? "TLS" : "TCP"} connection within ${ms} ms`)),
          ms,
        )
      : undefined;
  socket.once(connectedEvent, () => {
    clearTimeout(timer);
    (socket as TrackedSocket).jmsTsConnected = true;
  });
  socket.once("close", () => clearTimeout(timer));
  if (!secure) return;
  socket.once("error", (error) => tagTlsError(error, uri, socket));
  // A plain server hangs up on a ClientHello: rhea then sees 'end' before Node's error.
  socket.once("end", () => {
    if (!(socket as TrackedSocket).jmsTsConnected)
      (socket as TrackedSocket).jmsTsFailure =
        `TLS handshake with ${describeEndpoint(uri)} failed: the server closed the connection (is this a TLS port? use amqp:// for a plain one)`;
  });
}

type TrackedSocket = Socket & { jmsTsConnected?: boolean; jmsTsFailure?: string };

/** Why the transport failed before rhea could say, if it did (a TLS handshake cut short). */
export function transportFailure(connection: unknown): string | undefined {
  return (connection as { socket?: TrackedSocket }).socket?.jmsTsFailure;
}

/** A TLS failure before the handshake completed: usually a plain port or an untrusted certificate. */
function tagTlsError(error: Error, uri: AmqpUri, socket: Socket): void {
  if ((socket as TrackedSocket).jmsTsConnected) return;
  const hint = /ECONNRESET|disconnected|wrong version|packet length/i.test(
    `${error.message} ${String((error as NodeJS.ErrnoException).code)}`,
  )
    ? " (is this a TLS port? use amqp:// for a plain one)"
    : "";
  error.message = `TLS handshake with ${describeEndpoint(uri)} failed: ${error.message}${hint}`;
}

interface WebSocketConnect {
  websocket_connect(impl: unknown): (url: string, protocols: string[], options: unknown) => unknown;
}
