#!/usr/bin/env node
import { readFileSync } from "node:fs";
import { createBroker, type BrokerOptions } from "./broker";
import { loadBrokerConfig } from "./config/load-config";
import { hashPassword } from "./security/password-hash";
import { parseCliArgs, type RunCommand, USAGE, UsageError, type CliCommand } from "./cli-args";
import { consoleLogger } from "./logger";
import { BROKER_VERSION } from "./version";

async function main(argv: string[]): Promise<number> {
  let command: CliCommand;
  try {
    command = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`jms-broker: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (command.kind === "help") {
    console.log(USAGE);
    return 0;
  }
  if (command.kind === "version") {
    console.log(BROKER_VERSION);
    return 0;
  }
  if (command.kind === "hash-password") return printPasswordHash();
  // Handlers go in before the broker starts: a signal during start-up or right after the announcement
  // still shuts it down cleanly.
  const signalled = new Promise<NodeJS.Signals>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  const logger = command.quiet ? { ...consoleLogger, info() {}, warn() {} } : consoleLogger;
  let broker;
  try {
    broker = await createBroker({
      ...(command.configFile === undefined ? {} : { config: loadBrokerConfig(command.configFile) }),
      ...securityOptions(command),
      host: command.host,
      port: command.port,
      ...(command.maxMessageSize === undefined ? {} : { maxMessageSize: command.maxMessageSize }),
      ...(command.dataDir === undefined ? {} : { dataDir: command.dataDir }),
      ...(command.memoryLimitBytes === undefined ? {} : { memoryLimitBytes: command.memoryLimitBytes }),
      logger,
    });
  } catch (error) {
    console.error(`jms-broker: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  console.log(`jms-broker listening on ${broker.url}`);
  if (broker.tlsUrl !== undefined) console.log(`jms-broker listening on ${broker.tlsUrl}`);
  if (broker.wsUrl !== undefined) console.log(`jms-broker listening on ${broker.wsUrl}`);
  const signal = await signalled;
  logger.info(`${signal} received, shutting down`);
  await broker.close();
  return 0;
}

/** Users and TLS from the command line; PEM files are read here so a wrong path is one clear line. */
function securityOptions(
  command: RunCommand,
): Pick<BrokerOptions, "users" | "allowAnonymous" | "tls" | "ws"> {
  const options: Pick<BrokerOptions, "users" | "allowAnonymous" | "tls" | "ws"> = {};
  if (command.wsPort !== undefined) options.ws = { port: command.wsPort };
  if (command.users) options.users = command.users;
  if (command.allowAnonymous) options.allowAnonymous = true;
  if (command.tls) {
    const { keyFile, certFile, caFile, port } = command.tls;
    options.tls = {
      port,
      key: readPem("--tls-key", keyFile),
      cert: readPem("--tls-cert", certFile),
      ...(caFile === undefined ? {} : { ca: readPem("--tls-ca", caFile), requestCert: true }),
    };
  }
  return options;
}

/** `jms-broker hash-password`: one line from stdin in, its hash out; the password is never an argument. */
async function printPasswordHash(): Promise<number> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const password = Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
  if (password.length === 0) {
    console.error("jms-broker hash-password: no password on standard input");
    return 2;
  }
  console.log(hashPassword(password));
  return 0;
}

function readPem(flag: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new Error(`${flag}: cannot read "${path}": ${(error as Error).message}`, { cause: error });
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error("jms-broker: unexpected failure", error);
    process.exit(1);
  },
);
