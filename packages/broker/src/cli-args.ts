import { parseArgs } from "node:util";

export const USAGE = `Usage: jms-broker [options]

Starts the jms-ts bundled AMQP 1.0 broker and prints
"jms-broker listening on amqp://HOST:PORT" once it accepts connections.
SIGINT or SIGTERM shuts it down cleanly.

Options:
  --host HOST     interface to listen on (default 127.0.0.1; 0.0.0.0 for all)
  --port PORT     TCP port, 0 for any free port (default 5672)
  --quiet         log nothing but errors
  --version       print the version and exit
  --help          print this help and exit

Exit status: 0 after a clean shutdown, 1 when the broker cannot start, 2 on a usage error.`;

export type CliCommand =
  { kind: "help" } | { kind: "version" } | { kind: "run"; host: string; port: number; quiet: boolean };

/** A usage error: the message says what was wrong; the CLI prints it with the usage and exits 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export function parseCliArgs(argv: string[]): CliCommand {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: "string" },
        port: { type: "string" },
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
  return {
    kind: "run",
    host: parseHost(values.host),
    port: parsePort(values.port),
    quiet: values.quiet ?? false,
  };
}

function parseHost(host: string | undefined): string {
  if (host === undefined) return "127.0.0.1";
  if (host.trim() === "") throw new UsageError("--host must not be empty");
  return host;
}

function parsePort(port: string | undefined): number {
  if (port === undefined) return 5672;
  const value = Number(port);
  if (!/^\d+$/.test(port) || value > 65535) {
    throw new UsageError(`--port must be an integer from 0 to 65535, got "${port}"`);
  }
  return value;
}
