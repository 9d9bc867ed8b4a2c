import { MessageBacklog } from "./message-backlog";
import type { QueueConsumer } from "./queue-consumer";
import type { QueuedMessage } from "./queued-message";

/** How a consumer settled a delivery [AMQP 3.4]. */
export type DeliveryOutcome = "accepted" | "released" | "modified" | "rejected";

/**
 * A point-to-point queue: messages wait in arrival order and each goes to one consumer with room for it,
 * round robin. A delivered message stays acquired until its consumer settles it.
 */
export class Queue {
  private readonly backlog = new MessageBacklog();
  private readonly consumers: QueueConsumer[] = [];
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

  get consumerCount(): number {
    return this.consumers.length;
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

  /**
   * Detaches a consumer. What it held unsettled goes back to the queue as a failed delivery attempt: the
   * consumer may have seen it, so the next receiver must see it as redelivered [JMS 2.0 6.2.12].
   */
  removeConsumer(consumer: QueueConsumer): void {
    const index = this.consumers.indexOf(consumer);
    if (index < 0) return;
    this.consumers.splice(index, 1);
    for (const [message, holder] of this.acquired) {
      if (holder === consumer) this.settle(message, "modified");
    }
    this.dispatch();
  }

  /** Applies a consumer's outcome [AMQP 3.4]: accepted and rejected remove it, the others put it back. */
  settle(message: QueuedMessage, outcome: DeliveryOutcome): void {
    if (!this.acquired.delete(message)) return;
    if (outcome === "accepted" || outcome === "rejected") return;
    if (outcome === "modified") message.deliveryCount++;
    this.backlog.putBack(message);
    this.dispatch();
  }

  /** Gives waiting messages to consumers that can take them; call when a consumer gains credit. */
  dispatch(): void {
    while (this.backlog.size > 0) {
      const consumer = this.nextReadyConsumer();
      if (!consumer) return;
      const message = this.backlog.take() as QueuedMessage;
      this.acquired.set(message, consumer);
      consumer.deliver(message);
    }
  }

  private nextReadyConsumer(): QueueConsumer | undefined {
    for (let tried = 0; tried < this.consumers.length; tried++) {
      const index = (this.nextConsumer + tried) % this.consumers.length;
      const consumer = this.consumers[index] as QueueConsumer;
      if (consumer.canAccept()) {
        this.nextConsumer = index + 1;
        return consumer;
      }
    }
    return undefined;
  }
}
