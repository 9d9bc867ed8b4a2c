#!/usr/bin/env node
import { createBroker } from "./broker";
import { parseCliArgs, USAGE, UsageError, type CliCommand } from "./cli-args";
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
  // Handlers go in before the broker starts: a signal during start-up or right after the announcement
  // still shuts it down cleanly.
  const signalled = new Promise<NodeJS.Signals>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  const logger = command.quiet ? { ...consoleLogger, info() {}, warn() {} } : consoleLogger;
  let broker;
  try {
    broker = await createBroker({ host: command.host, port: command.port, logger });
  } catch (error) {
    console.error(`jms-broker: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  console.log(`jms-broker listening on ${broker.url}`);
  const signal = await signalled;
  logger.info(`${signal} received, shutting down`);
  await broker.close();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error("jms-broker: unexpected failure", error);
    process.exit(1);
  },
);
