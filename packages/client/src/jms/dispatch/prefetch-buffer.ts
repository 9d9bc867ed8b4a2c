interface Waiter<T> {
  resolve(item: T | null): void;
}

/**
 * The messages a consumer holds ahead of the application, and the receive() calls waiting for one.
 * While stopped it keeps messages back; once closed every waiter gets null.
 */
export class PrefetchBuffer<T> {
  private readonly items: T[] = [];
  private readonly waiters: Waiter<T>[] = [];
  private running = false;
  private closed = false;

  get size(): number {
    return this.items.length;
  }

  /** receive() calls waiting for an item. */
  get waiting(): number {
    return this.waiters.length;
  }

  /** Handing out (started and not closed). */
  get isRunning(): boolean {
    return this.running && !this.closed;
  }

  push(item: T): void {
    this.items.push(item);
    this.serveWaiters();
  }

  /** Puts items back in front, in their order: recovered messages come again first [JMS 2.0 6.2.11]. */
  unshift(items: T[]): void {
    this.items.unshift(...items);
    this.serveWaiters();
  }

  /** The next item without taking it, or undefined if none is ready. */
  peek(): T | undefined {
    return this.running && !this.closed ? this.items[0] : undefined;
  }

  /** Starts or pauses hand-out [JMS 2.0 6.1.5 connection start and stop]. */
  setRunning(running: boolean): void {
    this.running = running;
    this.serveWaiters();
  }

  /** The next item now, or undefined if none is ready. */
  takeNow(): T | undefined {
    return this.running && !this.closed ? this.items.shift() : undefined;
  }

  /**
   * Waits for the next item; null after `timeoutMs` (0 or undefined waits forever), on abort, or on close.
   */
  take(timeoutMs?: number, signal?: AbortSignal): Promise<T | null> {
    const ready = this.takeNow();
    if (ready !== undefined) return Promise.resolve(ready);
    if (this.closed || signal?.aborted) return Promise.resolve(null);
    return new Promise<T | null>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter: Waiter<T> = {
        resolve: (item) => {
          if (timer) clearTimeout(timer);
          signal?.removeEventListener("abort", giveUp);
          resolve(item);
        },
      };
      const giveUp = () => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        waiter.resolve(null);
      };
      if (timeoutMs !== undefined && timeoutMs > 0) timer = setTimeout(giveUp, timeoutMs);
      signal?.addEventListener("abort", giveUp, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** Ends every wait with null and returns what was never handed out. */
  close(): T[] {
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) waiter.resolve(null);
    return this.items.splice(0);
  }

  private serveWaiters(): void {
    while (this.running && !this.closed && this.waiters.length > 0 && this.items.length > 0) {
      (this.waiters.shift() as Waiter<T>).resolve(this.items.shift() as T);
    }
  }
}
