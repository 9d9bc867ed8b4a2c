import { creditToAdd } from "./credit-policy";

/**
 * A consumer's credit bounded twice (docs/decisions/0018): by its prefetch in messages [qpid-jms 2.13] and by
 * `jms.consumerWindowBytes`, the bytes that arrived but the application has not taken yet. AMQP credit
 * counts messages [AMQP 2.6.7], so bytes become credit through the size of the messages seen so far: until
 * one has arrived the link gets a single credit, and a message larger than expected takes back credit the
 * window no longer covers. An empty buffer always gets one credit, so a message larger than the window
 * still flows. A window of 0 turns the byte bound off: credit is the prefetch alone, as in Qpid JMS. Plain
 * numbers only: this runs for every message.
 */
export class ConsumerCredit {
  /** Arrived and not yet handed to the application. */
  private count = 0;
  private bytes = 0;
  /** The size credit is granted for: jumps to a larger message at once, follows smaller ones by 1/8. */
  private sizeEstimate = 0;

  constructor(
    private readonly prefetch: number,
    private readonly windowBytes: number,
  ) {}

  /** Messages buffered. */
  get buffered(): number {
    return this.count;
  }

  /** Bytes buffered. */
  get bufferedBytes(): number {
    return this.bytes;
  }

  /**
   * A message of `sizeBytes` arrived (`kept`: it waits for the application; otherwise it was settled at
   * once). True when credit must be looked at now: the first size learnt, or a larger message than expected.
   */
  arrived(sizeBytes: number, kept: boolean): boolean {
    const size = sizeBytes > 0 ? sizeBytes : 1;
    if (kept) {
      this.count++;
      this.bytes += size;
    }
    const estimate = this.sizeEstimate;
    if (size > estimate) {
      this.sizeEstimate = size;
      return true;
    }
    this.sizeEstimate = estimate - ((estimate - size + 7) >> 3);
    return false;
  }

  /** A buffered message left: handed to the application or given back. */
  left(sizeBytes: number): void {
    if (this.count === 0) return;
    this.count--;
    this.bytes = this.count === 0 ? 0 : Math.max(0, this.bytes - sizeBytes);
  }

  /** The most credit the prefetch and the byte window allow with what is buffered now. */
  maxCredit(): number {
    const byPrefetch = this.prefetch - this.count;
    if (byPrefetch <= 0) return 0;
    if (this.windowBytes === 0) return byPrefetch;
    if (this.count === 0 && this.sizeEstimate === 0) return 1;
    const room = this.windowBytes - this.bytes;
    const byBytes = room > 0 ? Math.floor(room / this.sizeEstimate) : 0;
    return Math.min(byPrefetch, this.count === 0 ? Math.max(1, byBytes) : byBytes);
  }

  /** Credit to add to `credit` now, or 0: Qpid JMS's batched top-up under the current bound. */
  toAdd(credit: number): number {
    return creditToAdd(this.count + this.maxCredit(), credit, this.count);
  }
}
