import { IllegalStateException } from "../errors/exceptions";

const BY_APPLICATION = "close() was called on it or on what owns it";

/**
 * Idempotent close: the first call runs the work, every caller shares its promise (CONVENTIONS 15).
 * It remembers why the object closed, so a later call says where the close came from [JMS 2.0 6.1.8].
 */
export class CloseOnce {
  private closing: Promise<void> | undefined;
  private why = BY_APPLICATION;
  private cause: unknown;

  constructor(private readonly what: string) {}

  get isClosed(): boolean {
    return this.closing !== undefined;
  }

  /** Closes, at the application's request unless `why` says otherwise. */
  run(work: () => Promise<void>, why?: string, cause?: unknown): Promise<void> {
    if (this.closing) return this.closing;
    if (why !== undefined) {
      this.why = why;
      this.cause = cause;
    }
    return (this.closing = work());
  }

  /** Marks it closed from outside: the broker ended it or the connection failed. The first reason wins. */
  markClosed(why: string, cause?: unknown): void {
    void this.run(() => Promise.resolve(), why, cause);
  }

  /** The exception a call on the closed object gets. */
  closedError(action?: string): IllegalStateException {
    const prefix = action ? `cannot ${action}: ` : "";
    return new IllegalStateException(
      `${prefix}the ${this.what} is closed (${this.why})`,
      this.cause === undefined ? {} : { cause: this.cause },
    );
  }

  /** @throws IllegalStateException, saying why, once closing has begun. */
  check(action?: string): void {
    if (this.closing) throw this.closedError(action);
  }
}
