import { type Message, TextMessage } from "@jms-ts/client";
import { isDeepStrictEqual } from "node:util";

/** How long a case waits for a message it expects. */
export const RECEIVE_MS = 10_000;

/** Case assertions: a failed one throws with what was expected and what was seen, for the matrix. */
export function expectEqual<T>(actual: T, expected: T, what: string): void {
  if (!isDeepStrictEqual(actual, expected)) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

export function expectTrue(condition: boolean, what: string): void {
  if (!condition) throw new Error(what);
}

/** Narrows `value` to non-null, failing the case with `what` otherwise. */
export function present<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`${what}: nothing arrived`);
  return value;
}

/** True when `read` throws: for checks that a conversion JMS forbids is refused. */
export function throwsOnRead(read: () => unknown): boolean {
  try {
    read();
    return false;
  } catch {
    return true;
  }
}

/** The text of a message that must have arrived as a TextMessage. */
export function textOf(message: Message | null, what: string): string | null {
  const received = present(message, what);
  expectTrue(
    received instanceof TextMessage,
    `${what}: expected a TextMessage, got ${received.constructor.name}`,
  );
  return (received as TextMessage).getText();
}

/** One line for an error a case did or did not expect: its class and message. */
export function describeError(error: unknown): string {
  if (error === undefined) return "no error";
  return error instanceof Error ? `${error.name}: ${error.message}` : JSON.stringify(error);
}
