import { BrowseCursor } from "./browse-cursor";
import { MessageBacklog } from "./message-backlog";
import type { QueueConsumer } from "./queue-consumer";
import type { QueuedMessage } from "./queued-message";

/** How a consumer settled a delivery [AMQP 3.4]; "modified" means modified with delivery-failed. */
export type DeliveryOutcome = "accepted" | "released" | "modified" | "rejected";

/**
 * A point-to-point queue: messages wait in arrival order and each goes to one consumer with room for it,
 * round robin. A delivered message stays acquired until its consumer settles it. Browsers see the waiting
 * messages without taking them (distribution-mode copy [AMQP 3.5.3]).
 */
export class Queue {
  readonly kind = "queue";
  private readonly backlog = new MessageBacklog();
  private readonly consumers: QueueConsumer[] = [];
  private readonly browsers = new Map<QueueConsumer, BrowseCursor>();
  private readonly acquired = new Map<QueuedMessage, QueueConsumer>();
  private nextSequence = 0;
  private nextConsumer = 0;

  constructor(readonly name: string) {}

  /** Messages waiting for a consumer. */
  get depth(): number {
    return this.backlog.size;
  }

  /** Messages delivered and not yet settled. */
  get unsettled(): number {
    return this.acquired.size;
  }

  /** Consumers and browsers. */
  get consumerCount(): number {
    return this.consumers.length + this.browsers.size;
  }

  enqueue(bytes: Buffer): QueuedMessage {
    const message: QueuedMessage = { sequence: this.nextSequence++, bytes, deliveryCount: 0 };
    this.backlog.append(message);
    this.dispatch();
    return message;
  }

  addConsumer(consumer: QueueConsumer): void {
    this.consumers.push(consumer);
    this.dispatch();
  }

  /** Adds a browser: it gets every waiting message once, in order, and settles nothing. */
  addBrowser(browser: QueueConsumer): void {
    this.browsers.set(browser, new BrowseCursor());
    this.dispatch();
  }

  /**
   * Detaches a consumer or browser. What a consumer held unsettled goes back to the queue as a failed
   * delivery attempt: it may have seen it, so the next receiver must see it as redelivered [JMS 2.0 6.2.12].
   */
  removeConsumer(consumer: QueueConsumer): void {
    this.browsers.delete(consumer);
    const index = this.consumers.indexOf(consumer);
    if (index < 0) return;
    this.consumers.splice(index, 1);
    for (const [message, holder] of this.acquired) {
      if (holder === consumer) this.settle(message, "modified");
    }
    this.dispatch();
  }

  /**
   * Applies a consumer's outcome [AMQP 3.4]: accepted and rejected remove the message, the others put it
   * back. With undeliverable-here [AMQP 3.4.5] it stays in the queue but never goes to that consumer
   * again (dead-lettering comes with issue 5).
   */
  settle(message: QueuedMessage, outcome: DeliveryOutcome, undeliverableHere = false): void {
    const holder = this.acquired.get(message);
    if (!holder) return;
    this.acquired.delete(message);
    if (outcome === "accepted" || outcome === "rejected") return;
    if (outcome === "modified") message.deliveryCount++;
    if (undeliverableHere) (message.refusedBy ??= new WeakSet()).add(holder);
    this.backlog.putBack(message);
    this.dispatch();
  }

  /** Gives waiting messages to consumers that can take them; call when a consumer gains credit. */
  dispatch(): void {
    // Round robin: stop once every consumer in a row could take nothing.
    let idle = 0;
    while (this.backlog.size > 0 && idle < this.consumers.length) {
      const index = this.nextConsumer % this.consumers.length;
      this.nextConsumer = index + 1;
      const consumer = this.consumers[index] as QueueConsumer;
      const message = consumer.canAccept() ? this.backlog.takeFor(consumer) : undefined;
      if (!message) {
        idle++;
        continue;
      }
      idle = 0;
      this.acquired.set(message, consumer);
      consumer.deliver(message);
    }
    this.feedBrowsers();
  }

  private feedBrowsers(): void {
    for (const [browser, cursor] of this.browsers) {
      while (browser.canAccept()) {
        const message = cursor.next(this.backlog);
        if (!message) break;
        browser.deliver(message);
      }
    }
  }
}
