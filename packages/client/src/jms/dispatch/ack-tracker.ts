import type { InboundDelivery } from "../../provider/provider";

/**
 * The messages a session handed to the application and has not settled yet, oldest first
 * [JMS 2.0 6.2.10]: what CLIENT_ACKNOWLEDGE's `acknowledge()` accepts, what INDIVIDUAL_ACKNOWLEDGE
 * accepts one at a time, what `recover()` redelivers and what `close()` fails. A message being processed
 * by a listener in AUTO or DUPS_OK mode is here too until the listener returns, so that `recover()`
 * from inside the listener redelivers it.
 */
export class AckTracker {
  private delivered: InboundDelivery[] = [];

  get size(): number {
    return this.delivered.length;
  }

  add(delivery: InboundDelivery): void {
    this.delivered.push(delivery);
  }

  has(delivery: InboundDelivery): boolean {
    return this.delivered.includes(delivery);
  }

  /** Removes one message; false when it was not tracked (already settled or recovered). */
  remove(delivery: InboundDelivery): boolean {
    const index = this.delivered.indexOf(delivery);
    if (index < 0) return false;
    this.delivered.splice(index, 1);
    return true;
  }

  /** Removes and returns every tracked message, oldest first. */
  takeAll(): InboundDelivery[] {
    return this.delivered.splice(0);
  }
}
