// The command line of the Qpid JMS peer's `perf` command for a workload.
import type { Workload } from "./workload";

/** Where Qpid JMS connects and as whom. */
export interface QpidJmsEndpoint {
  /** A Qpid JMS connection URI: `amqp://host:port` or `amqps://host:port?transport.trustAll=true&...`. */
  readonly uri: string;
  readonly username?: string;
  readonly password?: string;
}

/**
 * The Qpid JMS URI for a jms-perf broker URL. Query options for the jms-ts client (`jms.*`, and
 * `transport.*`, whose TLS options differ from Qpid JMS's) are dropped; `amqp.*` options (idle timeout,
 * frame size, SASL mechanisms, vhost) mean the same in both clients and are kept. TLS trusts any
 * certificate, as the other clients of jms-perf do. Credentials: the workload's, else the URL's user info
 * or its `jms.username` and `jms.password`.
 */
export function qpidJmsEndpoint(
  url: string,
  username: string | undefined,
  password: string | undefined,
): QpidJmsEndpoint {
  const parsed = new URL(url);
  const tls = parsed.protocol === "amqps:";
  const query = new URLSearchParams();
  for (const [key, value] of parsed.searchParams) if (key.startsWith("amqp.")) query.append(key, value);
  if (tls) {
    query.set("transport.trustAll", "true");
    query.set("transport.verifyHost", "false");
  }
  const user =
    username ??
    (parsed.username ? decodeURIComponent(parsed.username) : undefined) ??
    parsed.searchParams.get("jms.username") ??
    undefined;
  const secret =
    password ??
    (parsed.password ? decodeURIComponent(parsed.password) : undefined) ??
    parsed.searchParams.get("jms.password") ??
    undefined;
  const search = query.toString();
  // URL.hostname keeps an IPv6 address's brackets, as a URI needs them.
  const port = parsed.port || (tls ? "5671" : "5672");
  return {
    uri: `${tls ? "amqps" : "amqp"}://${parsed.hostname}:${port}${search ? `?${search}` : ""}`,
    ...(user === undefined ? {} : { username: user }),
    ...(secret === undefined ? {} : { password: secret }),
  };
}

/** The arguments after `-jar jms-peer.jar`: `perf` and the workload (see PerfCommand.java). */
export function qpidJmsPerfArguments(workload: Workload): string[] {
  const { options } = workload;
  const endpoint = qpidJmsEndpoint(workload.url, workload.username, workload.password);
  const args = ["perf", "--url", endpoint.uri, "--queue", workload.address];
  if (endpoint.username !== undefined) args.push("--user", endpoint.username);
  if (endpoint.password !== undefined) args.push("--password", endpoint.password);
  if (options.count !== undefined) args.push("--count", String(options.count));
  else if (options.durationSeconds !== undefined)
    args.push("--duration-ms", String(Math.max(1, Math.round(options.durationSeconds * 1000))));
  args.push(
    "--body-size",
    String(options.bodySize),
    "--persistent",
    String(options.persistent),
    "--ack",
    options.ack,
    "--transacted-batch",
    String(options.transactedBatch),
    "--prefetch",
    String(options.prefetch),
    "--producers",
    String(options.producers),
    "--consumers",
    String(options.consumers),
    "--connections",
    String(options.connections),
  );
  if (options.rate !== undefined) args.push("--rate", String(options.rate));
  return args;
}
