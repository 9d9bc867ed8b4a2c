import { ProviderError } from "../provider-error";

/** What the AMQP provider reads from a connection URI. */
export interface AmqpUri {
  host: string;
  port: number;
  /** amqp.idleTimeout: ms of silence after which the peer is considered dead. */
  idleTimeoutMs: number;
  /** transport.connectTimeout: ms to wait for the socket and the AMQP open. */
  connectTimeoutMs: number;
  /** amqp.vhost: the open frame's hostname; defaults to the URI host. */
  vhost: string;
}

const DEFAULT_PORT = 5672;
const known = ["amqp.idleTimeout", "transport.connectTimeout", "amqp.vhost"];

/**
 * Parses `amqp://host[:port][?options]`. `jms.*` options belong to the JMS layer and are skipped here;
 * any other unknown option is an error naming the ones supported.
 */
export function parseAmqpUri(uri: string): AmqpUri {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw invalid(uri, "expected amqp://host:port");
  }
  if (url.protocol !== "amqp:")
    throw invalid(uri, `scheme "${url.protocol.slice(0, -1)}" is not supported; use amqp://`);
  if (!url.hostname) throw invalid(uri, "no host");
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const parsed: AmqpUri = {
    host,
    port: url.port ? Number(url.port) : DEFAULT_PORT,
    idleTimeoutMs: 60_000,
    connectTimeoutMs: 15_000,
    vhost: host,
  };
  for (const [key, value] of url.searchParams) {
    if (key.startsWith("jms.")) continue;
    if (key === "amqp.idleTimeout") parsed.idleTimeoutMs = parseMs(uri, key, value);
    else if (key === "transport.connectTimeout") parsed.connectTimeoutMs = parseMs(uri, key, value);
    else if (key === "amqp.vhost") parsed.vhost = value;
    else throw invalid(uri, `unknown option "${key}"; supported: ${known.join(", ")} and jms.*`);
  }
  return parsed;
}

function parseMs(uri: string, key: string, value: string): number {
  if (!/^\d+$/.test(value))
    throw invalid(uri, `${key} must be a whole number of milliseconds, got "${value}"`);
  return Number(value);
}

function invalid(uri: string, why: string): ProviderError {
  return new ProviderError("general", `invalid connection URI "${uri}": ${why}`);
}
