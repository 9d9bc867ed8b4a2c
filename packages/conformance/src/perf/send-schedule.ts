import type { PerfOptions } from "./perf-options";

/** The time a schedule reads and sets timers on; tests pass a fake one. */
export interface ScheduleClock {
  /** Milliseconds on a monotonic clock. */
  now(): number;
  /** Calls `fire` after `ms`; returns the function that cancels it. */
  setTimer(fire: () => void, ms: number): () => void;
}

export const systemClock: ScheduleClock = {
  now: () => performance.now(),
  setTimer: (fire, ms) => {
    const timer = setTimeout(fire, ms);
    return () => clearTimeout(timer);
  },
};

/**
 * One producer's sends at a fixed rate (`--rate` over the producers): send i is due at start + i / rate,
 * where start is the first time the schedule is asked. A producer sends what is due and then waits for the
 * next; one that fell behind sends what is due at once, without sleeping, but never more than is due, so a
 * stall is followed by catching up rather than by a burst past the schedule.
 */
export class SendSchedule {
  private startMs: number | undefined;
  private taken = 0;
  private readonly msPerSend: number;

  constructor(
    perSecond: number,
    private readonly clock: ScheduleClock = systemClock,
  ) {
    if (!(perSecond > 0) || !Number.isFinite(perSecond))
      throw new RangeError(`a send rate must be a number > 0, got ${perSecond}`);
    this.msPerSend = 1000 / perSecond;
  }

  /** Sends due now and not yet taken (the first call starts the schedule, so send 0 is due at once). */
  due(): number {
    const now = this.now();
    const start = this.startMs ?? now;
    // Estimate, then correct by the due times themselves, so `due` and `msUntilNext` never disagree.
    let count = Math.floor((now - start) / this.msPerSend) + 1;
    while (this.dueAt(count) <= now) count++;
    while (count > 0 && this.dueAt(count - 1) > now) count--;
    return Math.max(0, count - this.taken);
  }

  /** Counts `count` sends as made. */
  take(count = 1): void {
    this.taken += count;
  }

  /** Milliseconds until the next send not yet taken is due; 0 or less when it is due. */
  msUntilNext(): number {
    const now = this.now();
    return this.dueAt(this.taken) - now;
  }

  /**
   * Resolves when the next send is due and takes it: at once, without a timer, when it already is.
   * Resolves early without taking it when `signal` aborts.
   */
  async next(signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) return;
      const wait = this.msUntilNext();
      if (wait <= 0) return this.take();
      // A timer may fire a fraction of a millisecond early: the loop checks again.
      await this.sleep(wait, signal);
    }
  }

  /** Calls `fire` once the next send is due (at the next timer tick when it already is); returns cancel. */
  whenDue(fire: () => void): () => void {
    return this.clock.setTimer(fire, Math.max(0, this.msUntilNext()));
  }

  private sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve) => {
      const woken = () => {
        cancel();
        resolve();
      };
      const cancel = this.clock.setTimer(() => {
        signal?.removeEventListener("abort", woken);
        resolve();
      }, ms);
      signal?.addEventListener("abort", woken, { once: true });
    });
  }

  private now(): number {
    const now = this.clock.now();
    this.startMs ??= now;
    return now;
  }

  private dueAt(index: number): number {
    return (this.startMs ?? 0) + index * this.msPerSend;
  }
}

/** A producer's schedule for `--rate` (its share of the rate), or undefined when sends are not paced. */
export function producerSchedule(
  options: Pick<PerfOptions, "rate" | "producers">,
  clock: ScheduleClock = systemClock,
): SendSchedule | undefined {
  return options.rate === undefined ? undefined : new SendSchedule(options.rate / options.producers, clock);
}
