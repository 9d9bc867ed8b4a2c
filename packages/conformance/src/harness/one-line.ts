/**
 * Errors become one line for the matrix and the CLIs: the message, without stack or newlines. Its own module
 * so that jms-perf can use it without loading the suite runner (and through it the jms-ts client).
 */
export function oneLine(error: unknown): string {
  const text =
    error instanceof Error
      ? `${error.name === "Error" ? "" : `${error.name}: `}${error.message}`
      : String(error);
  return text.replace(/\s+/g, " ").trim();
}
