import { parseArgs } from "node:util";

export const USAGE = `Usage: jms-broker [options]
       jms-broker hash-password < password.txt

Starts the jms-ts bundled AMQP 1.0 broker and prints
"jms-broker listening on amqp://HOST:PORT" once it accepts connections
(and "jms-broker listening on amqps://HOST:PORT" with TLS).
SIGINT or SIGTERM shuts it down cleanly.

Options:
  --config FILE   JSON config: queues, exchanges, bindings, users, access rules,
                  auto-creation policies, queue defaults, limits
                  (docs/broker/configuration.md); the options below win over it
  --host HOST     interface to listen on (default 127.0.0.1; 0.0.0.0 for all)
  --port PORT     TCP port, 0 for any free port (default 5672)
  --user NAME:PASSWORD
                  a user who may connect (repeatable); with users, clients must
                  authenticate with SCRAM-SHA-512/256/1 or PLAIN
  --allow-anonymous
                  offer SASL ANONYMOUS even though users are configured
  --tls-key FILE  PEM private key: also listen with TLS (amqps://)
  --tls-cert FILE PEM certificate for the TLS listener (with --tls-key)
  --tls-ca FILE   PEM CA certificates; clients with a certificate they sign may
                  authenticate with SASL EXTERNAL
  --tls-port PORT TLS port, 0 for any free port (default 5671)
  --ws-port PORT  also listen for AMQP over WebSocket (amqpws://) on PORT
  --max-message-size BYTES
                  the largest message a producer may send (default 104857600)
  --data-dir DIR  where durable queues, exchanges, bindings, subscriptions and
                  persistent messages are kept (default ./data); created if
                  missing, locked while the broker runs (docs/broker/persistence.md)
  --in-memory     keep nothing on disk: everything is lost when the broker stops
  --memory-limit MIB
                  message content kept in memory before queues page new messages
                  to the data directory (default 64)
  --quiet         log nothing but errors
  --version       print the version and exit
  --help          print this help and exit

hash-password reads a password from standard input (one line) and prints its salted
SCRAM-SHA-256 hash, for "passwordHash" in a config file's "users".

Exit status: 0 after a clean shutdown, 1 when the broker cannot start (a bad config
file included), 2 on a usage error.`;

export type CliCommand = { kind: "help" } | { kind: "version" } | { kind: "hash-password" } | RunCommand;

export interface RunCommand {
  kind: "run";
  host: string;
  port: number;
  quiet: boolean;
  /** --config, when given. */
  configFile?: string;
  /** --user, when given: name → password. */
  users?: Record<string, string>;
  allowAnonymous?: boolean;
  /** --tls-*, when given: PEM file paths. */
  tls?: { keyFile: string; certFile: string; caFile?: string; port: number };
  /** --ws-port, when given. */
  wsPort?: number;
  /** --max-message-size, when given. */
  maxMessageSize?: number;
  /** --data-dir (default ./data), or undefined with --in-memory. */
  dataDir: string | undefined;
  /** --memory-limit in bytes, when given. */
  memoryLimitBytes?: number;
}

/** A usage error: the message says what was wrong; the CLI prints it with the usage and exits 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export function parseCliArgs(argv: string[]): CliCommand {
  if (argv[0] === "hash-password") {
    if (argv.length > 1)
      throw new UsageError("hash-password takes no arguments: it reads the password from stdin");
    return { kind: "hash-password" };
  }
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        config: { type: "string" },
        host: { type: "string" },
        port: { type: "string" },
        user: { type: "string", multiple: true },
        "allow-anonymous": { type: "boolean" },
        "tls-key": { type: "string" },
        "tls-cert": { type: "string" },
        "tls-ca": { type: "string" },
        "tls-port": { type: "string" },
        "ws-port": { type: "string" },
        "max-message-size": { type: "string" },
        "data-dir": { type: "string" },
        "in-memory": { type: "boolean" },
        "memory-limit": { type: "string" },
        quiet: { type: "boolean" },
        version: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return { kind: "help" };
  if (values.version) return { kind: "version" };
  const command: RunCommand = {
    kind: "run",
    host: parseHost(values.host),
    port: parsePort(values.port),
    quiet: values.quiet ?? false,
    dataDir: parseDataDir(values["data-dir"], values["in-memory"] ?? false),
  };
  if (values.config !== undefined) {
    if (values.config.trim() === "") throw new UsageError("--config needs a file name");
    command.configFile = values.config;
  }
  if (values.user) command.users = parseUsers(values.user);
  if (values["allow-anonymous"]) command.allowAnonymous = true;
  const tls = parseTls(values["tls-key"], values["tls-cert"], values["tls-ca"], values["tls-port"]);
  if (tls) command.tls = tls;
  if (values["ws-port"] !== undefined) command.wsPort = parsePort(values["ws-port"], "--ws-port");
  const maxMessageSize = values["max-message-size"];
  if (maxMessageSize !== undefined) {
    if (!/^[1-9][0-9]{0,14}$/.test(maxMessageSize)) {
      throw new UsageError(
        `--max-message-size must be a whole number of bytes >= 1, got "${maxMessageSize}"`,
      );
    }
    command.maxMessageSize = Number(maxMessageSize);
  }
  const memoryLimit = values["memory-limit"];
  if (memoryLimit !== undefined) {
    if (!/^[0-9]{1,9}$/.test(memoryLimit)) {
      throw new UsageError(`--memory-limit must be a whole number of MiB >= 0, got "${memoryLimit}"`);
    }
    if (command.dataDir === undefined)
      throw new UsageError("--memory-limit needs a data directory, not --in-memory");
    command.memoryLimitBytes = Number(memoryLimit) * 1024 * 1024;
  }
  return command;
}

function parseDataDir(dataDir: string | undefined, inMemory: boolean): string | undefined {
  if (inMemory) {
    if (dataDir !== undefined) throw new UsageError("--data-dir and --in-memory exclude each other");
    return undefined;
  }
  if (dataDir === undefined) return "./data";
  if (dataDir.trim() === "") throw new UsageError("--data-dir must not be empty");
  return dataDir;
}

function parseUsers(specs: string[]): Record<string, string> {
  const users: Record<string, string> = {};
  for (const spec of specs) {
    const colon = spec.indexOf(":");
    if (colon < 1)
      throw new UsageError(
        `--user must be NAME:PASSWORD with a non-empty name, got "${spec.split(":")[0]}:..."`,
      );
    users[spec.slice(0, colon)] = spec.slice(colon + 1);
  }
  return users;
}

function parseTls(
  keyFile: string | undefined,
  certFile: string | undefined,
  caFile: string | undefined,
  port: string | undefined,
): RunCommand["tls"] {
  if (keyFile === undefined && certFile === undefined) {
    if (caFile !== undefined || port !== undefined)
      throw new UsageError("--tls-ca and --tls-port need --tls-key and --tls-cert");
    return undefined;
  }
  if (keyFile === undefined || certFile === undefined)
    throw new UsageError("--tls-key and --tls-cert go together");
  return {
    keyFile,
    certFile,
    ...(caFile === undefined ? {} : { caFile }),
    port: port === undefined ? 5671 : parsePort(port, "--tls-port"),
  };
}

function parseHost(host: string | undefined): string {
  if (host === undefined) return "127.0.0.1";
  if (host.trim() === "") throw new UsageError("--host must not be empty");
  return host;
}

function parsePort(port: string | undefined, flag = "--port"): number {
  if (port === undefined) return 5672;
  const value = Number(port);
  if (!/^\d+$/.test(port) || value > 65535) {
    throw new UsageError(`${flag} must be an integer from 0 to 65535, got "${port}"`);
  }
  return value;
}
