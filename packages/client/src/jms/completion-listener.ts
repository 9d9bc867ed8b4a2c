import type { JMSException } from "../errors/jms-exception";
import type { Message } from "../message/message";

/**
 * Hears the outcome of an asynchronous send [JMS 2.0 7.3]: `onCompletion` once the broker accepted the
 * message, `onException` when it did not. Called in the order the messages were sent.
 */
export interface CompletionListener {
  onCompletion(message: Message): void;
  onException(message: Message, exception: JMSException): void;
}

export function isCompletionListener(value: unknown): value is CompletionListener {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as CompletionListener).onCompletion === "function" &&
    typeof (value as CompletionListener).onException === "function"
  );
}

interface Entry {
  message: Message;
  listener: CompletionListener;
  /** undefined while pending; null once completed; the exception once failed. */
  outcome: JMSException | null | undefined;
  dropped: boolean;
}

/**
 * Delivers completion callbacks in send order [JMS 2.0 7.3.6]: a send that settles early waits for the
 * earlier ones. A listener that throws does not stop the others.
 */
export class CompletionQueue {
  private readonly entries: Entry[] = [];

  /** Registers a send; the returned functions report its outcome, or drop it (it failed before sending). */
  add(
    message: Message,
    listener: CompletionListener,
  ): { complete(outcome: JMSException | null): void; drop(): void } {
    const entry: Entry = { message, listener, outcome: undefined, dropped: false };
    this.entries.push(entry);
    return {
      complete: (outcome) => {
        entry.outcome = outcome;
        this.flush();
      },
      drop: () => {
        entry.dropped = true;
        this.flush();
      },
    };
  }

  private flush(): void {
    while (this.entries.length > 0) {
      const head = this.entries[0] as Entry;
      if (!head.dropped && head.outcome === undefined) return;
      this.entries.shift();
      if (head.dropped) continue;
      try {
        if (head.outcome === null) head.listener.onCompletion(head.message);
        else head.listener.onException(head.message, head.outcome as JMSException);
      } catch {
        // The application's callback failing must not lose the callbacks after it.
      }
    }
  }
}
