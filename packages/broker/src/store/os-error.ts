/**
 * One-line reason for a failed file operation, for `failure` and error messages: Node's
 * "ENOSPC: no space left on device, write" becomes "no space left on device (ENOSPC)".
 */
export function describeOsError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  if (code === undefined) return error.message;
  const match = /^[A-Z0-9_]+: ([^,]+)/.exec(error.message);
  return `${match?.[1] ?? error.message} (${code})`;
}

export function osErrorCode(error: unknown): string | undefined {
  return error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
}
