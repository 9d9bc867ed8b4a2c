import { IllegalStateException } from "../errors/exceptions";

/** Idempotent close: the first call runs the work, every caller shares its promise (CONVENTIONS 15). */
export class CloseOnce {
  private closing: Promise<void> | undefined;

  constructor(private readonly what: string) {}

  get isClosed(): boolean {
    return this.closing !== undefined;
  }

  run(work: () => Promise<void>): Promise<void> {
    return (this.closing ??= work());
  }

  /** @throws IllegalStateException once closing has begun. */
  check(): void {
    if (this.closing) throw new IllegalStateException(`the ${this.what} is closed`);
  }
}
