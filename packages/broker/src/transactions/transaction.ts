import type { DeliveryOutcome, Queue } from "../queues/queue";
import type { QueueLoad } from "../queues/queue-limits";
import type { QueuedMessage } from "../queues/queued-message";
import type { PublishedMessage } from "../routing/published-message";

/** A message sent in a transaction: routed at send time, stored in its queues at commit. */
interface HeldPublish {
  readonly queues: readonly Queue[];
  readonly message: PublishedMessage;
}

/** A consumer's outcome given in a transaction: applied to the queue at commit. */
interface HeldSettlement {
  readonly queue: Queue;
  readonly message: QueuedMessage;
  readonly outcome: DeliveryOutcome;
  readonly undeliverableHere: boolean;
}

/** What a commit did: every held message stored, or nothing, with the refusal that rolled it back. */
export type CommitResult =
  | { readonly committed: true; readonly queues: readonly Queue[] }
  | { readonly committed: false; readonly reason: string };

/**
 * One local transaction [AMQP 4.3]: the messages sent and the outcomes given in it are held until it is
 * discharged. A commit applies all of them or none; a rollback drops the sends and puts the consumed
 * messages back as failed delivery attempts, so the next receiver sees them as redelivered [JMS 2.0 6.2.12].
 */
export class Transaction {
  private readonly publishes: HeldPublish[] = [];
  private readonly settlements: HeldSettlement[] = [];
  private done = false;

  constructor(
    readonly id: Buffer,
    /** Who declared it (its coordinator link), so the transaction ends when that goes. */
    readonly owner: object,
  ) {}

  /** Whether it still takes work (not yet committed or rolled back). */
  get open(): boolean {
    return !this.done;
  }

  /** Holds a message routed to `queues` until commit. */
  holdPublish(queues: readonly Queue[], message: PublishedMessage): void {
    this.checkOpen();
    this.publishes.push({ queues, message });
  }

  /** Holds a consumer's outcome for an acquired message until commit; the message stays acquired. */
  holdSettlement(
    queue: Queue,
    message: QueuedMessage,
    outcome: DeliveryOutcome,
    undeliverableHere = false,
  ): void {
    this.checkOpen();
    this.settlements.push({ queue, message, outcome, undeliverableHere });
  }

  /**
   * Commits: when any queue would refuse any held message, counting the ones held before it (a
   * reject-publish queue at its limit), nothing
   * is stored and the transaction rolls back instead; otherwise every message is stored and every
   * outcome applied.
   */
  commit(): CommitResult {
    this.checkOpen();
    const pending = new Map<Queue, QueueLoad>();
    for (const { queues, message } of this.publishes) {
      for (const queue of queues) {
        const held = pending.get(queue) ?? { messages: 0, bytes: 0 };
        const refusal = queue.refusal(message, held);
        if (refusal !== undefined) {
          this.rollback();
          return { committed: false, reason: `queue "${queue.name}" refused a message: ${refusal}` };
        }
        pending.set(queue, { messages: held.messages + 1, bytes: held.bytes + message.bytes.length });
      }
    }
    this.done = true;
    const stored = new Set<Queue>();
    for (const { queues, message } of this.publishes.splice(0)) {
      for (const queue of queues) if (queue.enqueue(message) === "stored") stored.add(queue);
    }
    for (const s of this.settlements.splice(0)) s.queue.settle(s.message, s.outcome, s.undeliverableHere);
    return { committed: true, queues: [...stored] };
  }

  /** Rolls back: held sends vanish, held outcomes become failed attempts (delivery count + 1). */
  rollback(): void {
    if (this.done) return;
    this.done = true;
    this.publishes.length = 0;
    for (const s of this.settlements.splice(0)) s.queue.settle(s.message, "modified");
  }

  private checkOpen(): void {
    if (this.done) throw new Error("this transaction is already discharged");
  }
}
