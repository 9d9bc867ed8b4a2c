import { type Connection, ConnectionFactory } from "@jms-ts/client";
import type { CaseContext } from "../harness/conformance-case";

/** `url` with one more `key=value` URI option. */
export function withOption(url: string, option: string): string {
  return `${url}${url.includes("?") ? "&" : "?"}${option}`;
}

/**
 * A started connection to the target with its credentials, extra URI `options` and, when given, that
 * ClientID; closed after the case.
 */
export async function startConnection(
  ctx: CaseContext,
  { options = [], clientId }: { options?: readonly string[]; clientId?: string } = {},
): Promise<Connection> {
  const url = options.reduce(withOption, ctx.running.url);
  const factory = options.length > 0 ? new ConnectionFactory(url) : ctx.factory;
  const connection = await factory.createConnection(ctx.running.username, ctx.running.password);
  ctx.defer(() => connection.close());
  if (clientId !== undefined) await connection.setClientID(clientId);
  await connection.start();
  return connection;
}
