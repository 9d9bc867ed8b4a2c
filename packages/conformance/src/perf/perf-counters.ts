/** Counts and times a client measured in a process of its own (the Qpid JMS runner's Java side), so far. */
export interface PerfTotals {
  readonly sent: number;
  readonly settled: number;
  readonly received: number;
  /** Epoch ms; undefined until there was one. */
  readonly firstSendMs: number | undefined;
  readonly lastSendMs: number | undefined;
  readonly firstReceiveMs: number | undefined;
  readonly lastReceiveMs: number | undefined;
}

/**
 * What a run has done so far, shared by every producer and consumer of one client: counts, the first and
 * last send and receive times (epoch ms, like quiver's results) and every latency measured.
 */
export class PerfCounters {
  sent = 0;
  /** Sends the broker accepted. */
  settled = 0;
  received = 0;
  firstSendMs: number | undefined;
  lastSendMs: number | undefined;
  firstReceiveMs: number | undefined;
  lastReceiveMs: number | undefined;
  /** Messages the consumers must receive; undefined while a duration run is still sending. */
  expected: number | undefined;
  failure: Error | undefined;
  private latencies = new Float64Array(4096);
  private latencyCount = 0;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A message was handed to the client to send; returns its send time for the SendTime property. */
  noteSend(): number {
    const at = this.now();
    this.firstSendMs ??= at;
    this.lastSendMs = at;
    this.sent++;
    return at;
  }

  noteSettled(): void {
    this.settled++;
    this.changed();
  }

  /** A consumer got a message sent at `sendTimeMs` (NaN when it carried none). */
  noteReceive(sendTimeMs: number): void {
    const at = this.now();
    this.firstReceiveMs ??= at;
    this.lastReceiveMs = at;
    if (Number.isFinite(sendTimeMs)) {
      if (this.latencyCount >= this.latencies.length) {
        const grown = new Float64Array(this.latencies.length * 2);
        grown.set(this.latencies);
        this.latencies = grown;
      }
      this.latencies[this.latencyCount++] = at - sendTimeMs;
    }
    this.received++;
    if (this.expected !== undefined && this.received > this.expected)
      this.fail(new Error(`received ${this.received} messages but ${this.expected} were sent (a duplicate)`));
    this.changed();
  }

  /**
   * Takes totals measured elsewhere as the run's counts and times so far (counts never go back, a later
   * first time never replaces an earlier one). More received than expected fails the run, as a duplicate
   * does in `noteReceive`.
   */
  noteTotals(totals: PerfTotals): void {
    this.sent = Math.max(this.sent, totals.sent);
    this.settled = Math.max(this.settled, totals.settled);
    this.received = Math.max(this.received, totals.received);
    this.firstSendMs = earliest(this.firstSendMs, totals.firstSendMs);
    this.lastSendMs = latest(this.lastSendMs, totals.lastSendMs);
    this.firstReceiveMs = earliest(this.firstReceiveMs, totals.firstReceiveMs);
    this.lastReceiveMs = latest(this.lastReceiveMs, totals.lastReceiveMs);
    if (this.expected !== undefined && this.received > this.expected)
      this.fail(new Error(`received ${this.received} messages but ${this.expected} were sent (a duplicate)`));
    this.changed();
  }

  /** Adds `count` latencies of `latencyMs` each, measured elsewhere (one bar of a latency histogram). */
  noteLatencies(latencyMs: number, count: number): void {
    if (!Number.isFinite(latencyMs) || !Number.isSafeInteger(count) || count < 0)
      throw new RangeError(`latencies need a finite ms and a whole count >= 0, got ${latencyMs} × ${count}`);
    const needed = this.latencyCount + count;
    if (needed > this.latencies.length) {
      const grown = new Float64Array(Math.max(needed, this.latencies.length * 2));
      grown.set(this.latencies.subarray(0, this.latencyCount));
      this.latencies = grown;
    }
    this.latencies.fill(latencyMs, this.latencyCount, needed);
    this.latencyCount = needed;
  }

  /** Sets how many messages the consumers must receive. */
  expect(total: number): void {
    this.expected = total;
    this.changed();
  }

  /** The run failed: the first failure wins and ends every wait. */
  fail(error: Error): void {
    this.failure ??= error;
    this.changed();
  }

  /** Whether the consumers have everything they must receive. */
  complete(): boolean {
    return this.expected !== undefined && this.received >= this.expected;
  }

  /** The latencies measured so far, in ms, in arrival order. */
  latencyValues(): Float64Array {
    return this.latencies.subarray(0, this.latencyCount);
  }

  /** Calls `listener` after every change (a receive, an accept, a failure, a new expected count); returns unsubscribe. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

function earliest(known: number | undefined, given: number | undefined): number | undefined {
  return known === undefined ? given : given === undefined ? known : Math.min(known, given);
}

function latest(known: number | undefined, given: number | undefined): number | undefined {
  return known === undefined ? given : given === undefined ? known : Math.max(known, given);
}
