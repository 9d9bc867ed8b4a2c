/**
 * Events per second over a sliding window of whole seconds of an injected clock's time, in O(1) memory:
 * one counter per second of the window.
 */
export class RateMeter {
  private readonly counts: number[];
  private readonly seconds: number[];

  constructor(private readonly windowSeconds = 10) {
    this.counts = new Array<number>(windowSeconds).fill(0);
    this.seconds = new Array<number>(windowSeconds).fill(-Infinity);
  }

  record(now: number, events = 1): void {
    const second = Math.floor(now / 1000);
    const slot = ((second % this.windowSeconds) + this.windowSeconds) % this.windowSeconds;
    if (this.seconds[slot] !== second) {
      this.seconds[slot] = second;
      this.counts[slot] = 0;
    }
    this.counts[slot] = (this.counts[slot] ?? 0) + events;
  }

  /** Average events per second over the window ending at `now`. */
  rate(now: number): number {
    const second = Math.floor(now / 1000);
    let total = 0;
    for (let slot = 0; slot < this.windowSeconds; slot++) {
      const at = this.seconds[slot] ?? -Infinity;
      if (at <= second && at > second - this.windowSeconds) total += this.counts[slot] ?? 0;
    }
    return total / this.windowSeconds;
  }
}
