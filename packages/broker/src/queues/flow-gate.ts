/**
 * Producer flow control for one queue: closed while the queue is over a limit, open again only once it is
 * well under (hysteresis, so producers are not woken for every message taken). Waiters get a promise.
 */
export class FlowGate {
  private closed = false;
  private waiters: (() => void)[] = [];

  get isClosed(): boolean {
    return this.closed;
  }

  /** Closes when `over`; an already closed gate opens only when `canResume`. */
  update(over: boolean, canResume: boolean): void {
    if (!this.closed) this.closed = over;
    else if (canResume) this.open();
  }

  /** Resolves at once when open, else when the gate opens. */
  whenOpen(): Promise<void> {
    if (!this.closed) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Opens the gate and resolves every waiter. */
  open(): void {
    this.closed = false;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
