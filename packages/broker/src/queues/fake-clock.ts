import type { Clock, Timer } from "./clock";

interface PendingTimer {
  readonly at: number;
  readonly callback: () => void;
  cancelled: boolean;
}

/** A Clock for tests: time moves only when `advance` says, running the timers that fall due on the way. */
export class FakeClock implements Clock {
  private readonly timers: PendingTimer[] = [];

  constructor(private time = 1_000_000) {}

  now(): number {
    return this.time;
  }

  setTimer(callback: () => void, delayMs: number): Timer {
    const timer: PendingTimer = { at: this.time + Math.max(0, delayMs), callback, cancelled: false };
    this.timers.push(timer);
    return {
      cancel: () => {
        timer.cancelled = true;
      },
    };
  }

  /** Timers set and not cancelled or run yet. */
  get pendingTimers(): number {
    return this.timers.filter((timer) => !timer.cancelled).length;
  }

  /** Moves time forward by `ms`, running due timers in time order at their own time. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = this.timers
        .filter((timer) => !timer.cancelled && timer.at <= end)
        .sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers.splice(this.timers.indexOf(due), 1);
      this.time = Math.max(this.time, due.at);
      due.callback();
    }
    this.time = end;
    for (let i = this.timers.length - 1; i >= 0; i--) if (this.timers[i]?.cancelled) this.timers.splice(i, 1);
  }
}
