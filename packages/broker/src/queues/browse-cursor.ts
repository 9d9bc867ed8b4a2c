import type { QueuedMessage } from "./queued-message";

/** What a browser reads: the waiting messages by sequence. */
export interface Browsable {
  firstAfter(sequence: number): QueuedMessage | undefined;
}

/**
 * Where a browser (a consumer with distribution-mode copy [AMQP 3.5.3]) is in a queue: it sees each
 * waiting message once, in arrival (sequence) order whatever its priority, without taking it. A message
 * put back behind the cursor is not shown again, so a browse never shows duplicates.
 */
export class BrowseCursor {
  private last = -1;

  /** The next message to show, or undefined when the browser has seen everything waiting now. */
  next(backlog: Browsable): QueuedMessage | undefined {
    const message = backlog.firstAfter(this.last);
    if (message) this.last = message.sequence;
    return message;
  }
}
