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
