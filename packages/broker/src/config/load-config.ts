import { readFileSync } from "node:fs";
import type { BrokerConfig } from "./broker-config";
import { ConfigError, validateBrokerConfig } from "./validate-config";

/**
 * Reads and checks a broker config file (JSON, docs/broker/configuration.md).
 * @throws ConfigError naming the file when it cannot be read, is not JSON (with line and column), or is
 *   not a valid config (every problem with its JSON path).
 */
export function loadBrokerConfig(path: string): BrokerConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError(`${path}: cannot read the config file: ${(error as Error).message}`, {
      cause: error,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${path}: not valid JSON: ${describeJsonError(error as Error, text)}`, {
      cause: error,
    });
  }
  return validateBrokerConfig(value, path);
}

/** V8 reports a JSON error by offset ("at position 42"); people want a line and column. */
function describeJsonError(error: Error, text: string): string {
  const position = /position (\d+)/.exec(error.message);
  if (!position) return error.message;
  const before = text.slice(0, Number(position[1]));
  const line = before.split("\n").length;
  const column = before.length - before.lastIndexOf("\n");
  return `${error.message.replace(/ in JSON at position \d+.*$/, "")} at line ${line}, column ${column}`;
}
