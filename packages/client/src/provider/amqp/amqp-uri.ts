import { type ConnectionOptions, parseConnectionUri } from "../../jms/connection-options";
import { ProviderError } from "../provider-error";

/** What the AMQP provider reads from a connection URI: the one options table's result. */
export type AmqpUri = ConnectionOptions;

/**
 * Parses a connection URI with the options table of jms/connection-options (one table for both layers).
 * @throws ProviderError naming the scheme, host or option that is wrong.
 */
export function parseAmqpUri(uri: string): AmqpUri {
  try {
    return parseConnectionUri(uri);
  } catch (error) {
    throw new ProviderError("general", error instanceof Error ? error.message : String(error), {
      cause: error,
    });
  }
}

/** `scheme://host:port` for messages: never the query, which may hold a password. */
export function describeEndpoint(uri: AmqpUri): string {
  const host = uri.host.includes(":") ? `[${uri.host}]` : uri.host;
  return `${uri.scheme}://${host}:${uri.port}`;
}
