import type { Receiver } from "rhea";
import type { Queue } from "../queues/queue";
import type { PublishTarget } from "../routing/publish";

/** Where a producer link publishes: one node, or each message's `to` (anonymous relay [AMQP 3.5.4]). */
export type ProducerRoute = PublishTarget | "relay";

/** Credit a producer link holds at most: enough to stream, small enough that memory stays bounded. */
export const PRODUCER_CREDIT_WINDOW = 500;

/**
 * The broker's side of a producer link, and its credit [AMQP 2.6.7]. Credit is topped up while every
 * queue the link published to has room; once one is over its limit with producer flow control, no more
 * credit is granted until it has room again (Broker-J's producer flow control). The producer then holds
 * its messages instead of the broker holding them in memory.
 */
export class ProducerLink {
  /** Queues over their limit this link has published to. */
  private readonly waitingFor = new Set<Queue>();
  private closed = false;

  constructor(
    readonly receiver: Receiver,
    readonly route: ProducerRoute,
    private readonly window = PRODUCER_CREDIT_WINDOW,
  ) {}

  /** Grants the first credit, unless the link's queue is already full. */
  start(): void {
    this.published(this.route !== "relay" && "queue" in this.route ? [this.route.queue] : []);
  }

  /** A message was stored in `queues`: grant more credit, or wait for the full ones to drain. */
  published(queues: readonly Queue[]): void {
    for (const queue of queues) {
      if (!queue.blocked || this.waitingFor.has(queue)) continue;
      this.waitingFor.add(queue);
      void queue.whenUnblocked().then(() => {
        this.waitingFor.delete(queue);
        this.topUp();
      });
    }
    this.topUp();
  }

  /** Whether the link is held back by a full queue (for monitoring and tests). */
  get blocked(): boolean {
    return this.waitingFor.size > 0;
  }

  close(): void {
    this.closed = true;
  }

  /** Restores the window once a quarter of it is used, as rhea's own flow controller would. */
  private topUp(): void {
    if (this.closed || this.waitingFor.size > 0) return;
    // rhea keeps the link's current credit in a field its typings leave out.
    const delta = this.window - (this.receiver as unknown as { credit: number }).credit;
    if (delta >= this.window / 4) this.receiver.add_credit(delta);
  }
}
