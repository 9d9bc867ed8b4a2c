import { StoreUnavailableError } from "../message-store";

const RETRY_INTERVAL_MS = 1000;

/**
 * Whether the journal can write. After a failure, appends are refused until a write succeeds again; a retry
 * is attempted at most once a second (lazily, by the next append), so a full disk is not hammered.
 */
export class WriteFailure {
  private current: string | undefined;
  private last = "the journal could not be written";
  private failedAt = 0;
  private failures = 0;

  constructor(private readonly now: () => number) {}

  /** Why writes fail now, or undefined. */
  get reason(): string | undefined {
    return this.current;
  }

  /** How many failures so far: a sync that spans a change must reject even if writes work again. */
  get count(): number {
    return this.failures;
  }

  fail(reason: string): void {
    this.current = reason;
    this.last = reason;
    this.failedAt = this.now();
    this.failures++;
  }

  clear(): void {
    this.current = undefined;
  }

  /** @throws StoreUnavailableError while failing and the next retry is not yet due. */
  check(): void {
    if (this.current !== undefined && this.now() - this.failedAt < RETRY_INTERVAL_MS) throw this.error();
  }

  /** The error to throw at a refused append or a failed sync, naming the (latest) reason. */
  error(): StoreUnavailableError {
    return new StoreUnavailableError(this.current ?? this.last);
  }
}
