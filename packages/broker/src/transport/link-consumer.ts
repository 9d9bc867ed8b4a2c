import { decodeHeaderAndProperties, rewriteHeader } from "@jms-ts/codec";
import type { Delivery, Sender } from "rhea";
import type { Queue } from "../queues/queue";
import type { QueueConsumer } from "../queues/queue-consumer";
import type { QueuedMessage } from "../queues/queued-message";
import { DistributionMode } from "./amqp-symbols";
import { type RemoteOutcome, remoteOutcome } from "./delivery-outcome";

/**
 * A queue consumer over an AMQP sending link. The bytes go out exactly as the producer sent them; only a
 * redelivery rewrites the header, to carry the delivery-count [AMQP 3.2.1].
 */
export class LinkConsumer implements QueueConsumer {
  private readonly inFlight = new Map<Delivery, QueuedMessage>();
  private active = false;
  private detached = false;
  private drainPending = false;

  constructor(
    readonly id: string,
    private readonly sender: Sender,
    readonly queue: Queue,
    readonly mode: DistributionMode = DistributionMode.move,
    /** Counts deliveries for the connection's statistics. */
    private readonly onDeliver?: () => void,
    /** The link's JMS selector: the queue offers this consumer only what it accepts. */
    readonly accepts?: (message: QueuedMessage) => boolean,
  ) {}

  /**
   * Joins the queue at once, so an exclusive queue can refuse the attach (the queue throws), but takes no
   * message until our attach reply is on the wire. A peer may grant credit in the same packet as its
   * attach (Qpid Proton does), and rhea writes queued transfers before pending attaches, so delivering at
   * once could send a transfer on a handle the peer does not know yet [AMQP 2.6.3]. rhea writes frames on
   * process.nextTick; setImmediate runs after that.
   */
  join(): void {
    if (this.mode === DistributionMode.copy) this.queue.addBrowser(this);
    else this.queue.addConsumer(this);
    setImmediate(() => {
      if (this.detached) return;
      this.active = true;
      this.queue.dispatch();
      if (this.drainPending) this.drain();
    });
  }

  /**
   * The peer asked us to drain [AMQP 2.6.7]: send what is waiting, then give up the rest of the credit.
   * A drain that arrives with the attach waits until we joined the queue, or a browser would see an empty
   * queue that is not.
   */
  drain(): void {
    if (!this.active) {
      this.drainPending = true;
      return;
    }
    this.drainPending = false;
    this.queue.dispatch();
    this.sender.set_drained(true);
  }

  canAccept(): boolean {
    // sendable() counts sends not yet written (@jms-ts/rhea-patches), so this never exceeds credit.
    return this.active && !this.detached && this.sender.sendable();
  }

  deliver(message: QueuedMessage): void {
    const delivery = this.sender.send(this.wireBytes(message), undefined, 0);
    this.onDeliver?.();
    if (this.mode === DistributionMode.copy) return; // a browser's copy settles nothing on the queue
    if (delivery.settled)
      this.queue.settle(message, "accepted"); // pre-settled link: at most once
    else this.inFlight.set(delivery, message);
  }

  /** The deliveries sent and not yet settled, oldest first. */
  inFlightDeliveries(): Delivery[] {
    return [...this.inFlight.keys()];
  }

  /**
   * Takes the message behind a delivery out of this consumer's hands, still acquired: a transaction
   * settles it at discharge, and a detach no longer gives it back.
   */
  takeInFlight(delivery: Delivery): QueuedMessage | undefined {
    const message = this.inFlight.get(delivery);
    if (!message) return undefined;
    this.inFlight.delete(delivery);
    this.queue.handOver(message);
    return message;
  }

  /** Applies the consumer's outcome for one delivery; unknown deliveries are ignored. */
  settle(delivery: Delivery, outcome: RemoteOutcome): void {
    const message = this.inFlight.get(delivery);
    if (!message) return;
    this.inFlight.delete(delivery);
    this.queue.settle(message, outcome.outcome, outcome.undeliverableHere);
  }

  /**
   * The link is gone: the queue takes back what was in flight. rhea reports dispositions a tick after
   * the frames that carried them, so outcomes that arrived just before the detach are applied first,
   * after this consumer stopped taking messages (a released one must go to someone else).
   */
  detach(): void {
    if (this.detached) return;
    this.detached = true;
    for (const [delivery, message] of this.inFlight) {
      const outcome = remoteOutcome(delivery);
      if (outcome) this.queue.settle(message, outcome.outcome, outcome.undeliverableHere);
    }
    this.inFlight.clear();
    this.queue.removeConsumer(this);
  }

  private wireBytes(message: QueuedMessage): Buffer {
    const bytes = message.message.bytes;
    if (message.deliveryCount === 0) return bytes;
    const { header } = decodeHeaderAndProperties(bytes);
    return rewriteHeader(bytes, { ...header, deliveryCount: message.deliveryCount });
  }
}
