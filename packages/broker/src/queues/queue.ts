import type { PublishedMessage } from "../routing/published-message";
import { BrowseCursor } from "./browse-cursor";
import { type Clock, systemClock } from "./clock";
import { FlowGate } from "./flow-gate";
import { MessageGroups } from "./message-groups";
import { PriorityBacklog } from "./priority-backlog";
import type { QueueConsumer } from "./queue-consumer";
import { QueueError } from "./queue-error";
import type { DeadLetterReason, EnqueueResult, QueueCounters, QueueHooks } from "./queue-hooks";
import { type QueueLoad, QueueLimits } from "./queue-limits";

const NOTHING_PENDING: QueueLoad = { messages: 0, bytes: 0 };
import type { QueueOptions } from "./queue-options";
import { QueuePager } from "./queue-pager";
import type { PagedMessage, RestoredMessage, StorageHandle } from "./queue-storage";
import type { QueuedMessage } from "./queued-message";
import { RateMeter } from "./rate-meter";
import { ScheduledMessages } from "./scheduled-messages";
import { Timeline } from "./timeline";

export { QueueError } from "./queue-error";
export type { DeadLetterReason, EnqueueResult, QueueCounters, QueueHooks } from "./queue-hooks";

/** How a consumer settled a delivery [AMQP 3.4]; "modified" means modified with delivery-failed. */
export type DeliveryOutcome = "accepted" | "released" | "modified" | "rejected";

/** Expiry entries of messages that left by other means are pruned once they outnumber held ones. */
const PRUNE_SLACK = 1024;

/** Paged messages are read back once fewer than this many wait in memory. */
const PAGE_IN_BELOW = 512;

/**
 * A point-to-point queue. Waiting messages go to consumers with room for them, round robin, highest
 * priority first and oldest first within a priority [JMS 2.0 3.4.10]; a consumer with a selector is
 * offered only the messages it selects, the others wait for other consumers [JMS 2.0 3.8.1]. A delivered
 * message stays acquired until its consumer settles it. Browsers see the waiting messages (that they
 * select) in arrival order without taking them (distribution-mode copy [AMQP 3.5.3]). Expiry, delayed
 * delivery, message groups, limits and dead-lettering are applied here; where messages go when
 * dead-lettered is the owner's business (hooks).
 */
export class Queue {
  readonly kind = "queue";
  private readonly clock: Clock;
  private readonly backlog = new PriorityBacklog();
  private readonly scheduled: ScheduledMessages;
  private readonly expiries: Timeline<QueuedMessage>;
  private readonly groups = new MessageGroups();
  private readonly limits: QueueLimits;
  private readonly consumers: QueueConsumer[] = [];
  private readonly browsers = new Map<QueueConsumer, BrowseCursor>();
  private readonly acquired = new Map<QueuedMessage, QueueConsumer>();
  /** Acquired messages whose outcome a transaction now decides: their consumer's going leaves them. */
  private readonly handedOver = new WeakSet<QueuedMessage>();
  private readonly enqueueMeter = new RateMeter();
  private readonly dequeueMeter = new RateMeter();
  private readonly counters = { enqueued: 0, dequeued: 0, expired: 0, deadLettered: 0, dropped: 0 };
  private readonly gate = new FlowGate();
  /** Messages kept on disk only while memory is short (with storage only). */
  private readonly pager: QueuePager | undefined;
  /** Storage handles of scheduled messages, until they are due. */
  private readonly scheduledHandles = new Map<PublishedMessage, StorageHandle>();
  private deleted = false;
  private unusedReported = false;
  private dispatching = false;
  private dispatchAgain = false;
  private heldBytes = 0;
  private nextSequence = 0;
  private nextConsumer = 0;

  constructor(
    readonly name: string,
    readonly options: QueueOptions = {},
    private readonly hooks: QueueHooks = {},
  ) {
    this.clock = hooks.clock ?? systemClock;
    this.limits = new QueueLimits(name, options);
    this.pager =
      hooks.storage &&
      new QueuePager(hooks.storage, {
        loaded: (batch, messages) => this.pagedIn(batch, messages),
        failed: (error) => this.hooks.pageInFailed?.(error),
        gone: () => this.deleted,
      });
    this.scheduled = new ScheduledMessages(this.clock, (message) => {
      const handle = this.scheduledHandles.get(message);
      this.scheduledHandles.delete(message);
      this.admit(message, 0, message.expiresAt, handle);
      this.dispatch();
    });
    this.expiries = new Timeline(this.clock, (message) => {
      if (this.backlog.remove(message)) this.expire(message);
      this.updateBlocked();
    });
  }

  /** Messages waiting for a consumer, in memory or paged (scheduled ones, not due yet, are not counted). */
  get depth(): number {
    return this.backlog.size + (this.pager?.size ?? 0);
  }

  /** Messages delivered and not yet settled. */
  get unsettled(): number {
    return this.acquired.size;
  }

  /** Consumers and browsers. */
  get consumerCount(): number {
    return this.consumers.length + this.browsers.size;
  }

  /** True while a producer-flow-control queue holds more than a limit allows. */
  get blocked(): boolean {
    return this.gate.isClosed;
  }

  /** Resolves at once when not blocked, else once back under 80% of the limits, or deleted. */
  whenUnblocked(): Promise<void> {
    return this.gate.whenOpen();
  }

  /**
   * Without storing: why a reject-publish queue at its limit would refuse `message`, else undefined.
   * @param pending messages the caller stores here first (a transaction's earlier sends).
   */
  refusal(message: PublishedMessage, pending: QueueLoad = NOTHING_PENDING): string | undefined {
    if (this.options.overflow !== "reject-publish") return undefined;
    if (this.hooks.accepts && !this.hooks.accepts(message)) return undefined;
    const load = this.load();
    const withPending = { messages: load.messages + pending.messages, bytes: load.bytes + pending.bytes };
    return this.limits.exceededBy(withPending, message.bytes.length);
  }

  /**
   * Stores a published message: available now, or at its delivery time. A deleted queue refuses it.
   * [AMQP 3.2.1 ttl, 3.2.4 absolute-expiry-time]: it expires at message.expiresAt, else after messageTtlMs.
   */
  enqueue(message: PublishedMessage): EnqueueResult {
    if (this.deleted) return { rejected: `queue "${this.name}" was deleted` };
    if (this.hooks.accepts && !this.hooks.accepts(message)) return "filtered";
    const refusal = this.refusal(message);
    if (refusal !== undefined) return { rejected: refusal };
    this.makeRoom(message.bytes.length);
    this.countEnqueue();
    const now = this.clock.now();
    const expiresAt = message.expiresAt ?? this.ttlExpiry(now);
    const handle = this.hooks.storage?.stored(message);
    if (message.deliverAt !== undefined && message.deliverAt > now) {
      const scheduled = expiresAt === message.expiresAt ? message : { ...message, expiresAt };
      if (handle) this.scheduledHandles.set(scheduled, handle);
      this.scheduled.add(scheduled, message.deliverAt);
    } else {
      this.admit(message, 0, expiresAt, handle);
    }
    this.updateBlocked();
    this.dispatch();
    return "stored";
  }

  /**
   * Stores a message dead-lettered by another queue: same bytes, its delivery count kept, available at
   * once. Its own expiry and delivery time are not applied again (an expired message would only expire
   * again); this queue's messageTtlMs is. A reject-publish queue at its limit drops it (counted).
   */
  enqueueDeadLetter(queued: QueuedMessage): void {
    if (this.deleted) return;
    if (this.options.overflow === "reject-publish") {
      if (this.limits.exceededBy(this.load(), queued.message.bytes.length) !== undefined) {
        this.counters.dropped++;
        return;
      }
    }
    this.makeRoom(queued.message.bytes.length);
    this.countEnqueue();
    const handle = this.hooks.storage?.stored(queued.message);
    this.admit(queued.message, queued.deliveryCount, this.ttlExpiry(this.clock.now()), handle);
    this.updateBlocked();
    this.dispatch();
  }

  /** @throws QueueError resource-locked when the queue is exclusive and already has a consumer. */
  addConsumer(consumer: QueueConsumer): void {
    if (this.options.exclusive && this.consumers.length > 0) {
      throw new QueueError(
        "resource-locked",
        `queue "${this.name}" is exclusive and already has a consumer; detach it first`,
      );
    }
    this.consumers.push(consumer);
    this.dispatch();
  }

  /** Adds a browser: it gets every waiting message once, by arrival, and settles nothing. */
  addBrowser(browser: QueueConsumer): void {
    this.browsers.set(browser, new BrowseCursor());
    this.dispatch();
  }

  /**
   * Detaches a consumer or browser. What a consumer held unsettled goes back to the queue as a failed
   * delivery attempt: it may have seen it, so the next receiver must see it as redelivered [JMS 2.0 6.2.12].
   * Its message groups are freed. With autoDelete, the last consumer leaving calls hooks.unused once.
   */
  removeConsumer(consumer: QueueConsumer): void {
    this.browsers.delete(consumer);
    const index = this.consumers.indexOf(consumer);
    if (index < 0) return;
    this.consumers.splice(index, 1);
    this.groups.release(consumer);
    const held = [...this.acquired].filter(
      ([message, holder]) => holder === consumer && !this.handedOver.has(message),
    );
    for (const [message] of held) this.applyOutcome(message, consumer, "modified", false);
    this.updateBlocked();
    this.dispatch();
    if (this.consumers.length === 0 && this.options.autoDelete && !this.deleted && !this.unusedReported) {
      this.unusedReported = true;
      this.hooks.unused?.();
    }
  }

  /**
   * An acquired message whose outcome is no longer its consumer's to give (acked in a transaction): it
   * stays acquired if the consumer goes, until `settle` applies the outcome.
   */
  handOver(message: QueuedMessage): void {
    if (this.acquired.has(message)) this.handedOver.add(message);
  }

  /**
   * Applies a consumer's outcome [AMQP 3.4]. Accepted removes the message; rejected removes and
   * dead-letters it; released puts it back where it was, uncounted. Modified counts a failed attempt and
   * puts it back, or dead-letters it at maxDeliveryAttempts; with undeliverable-here [AMQP 3.4.5] it goes
   * to the dead-letter queue, or without one stays but is never offered to that consumer again.
   */
  settle(message: QueuedMessage, outcome: DeliveryOutcome, undeliverableHere = false): void {
    const holder = this.acquired.get(message);
    if (!holder) return;
    const returned = this.applyOutcome(message, holder, outcome, undeliverableHere);
    this.updateBlocked();
    if (returned) this.dispatch();
  }

  /** Applies an outcome; true when the message went back to the queue. */
  private applyOutcome(
    message: QueuedMessage,
    holder: QueueConsumer,
    outcome: DeliveryOutcome,
    undeliverableHere: boolean,
  ): boolean {
    this.acquired.delete(message);
    this.handedOver.delete(message);
    if (outcome === "accepted" || outcome === "rejected") {
      this.counters.dequeued++;
      this.dequeueMeter.record(this.clock.now());
      this.leave(message);
      if (outcome === "rejected") this.deadLetter(message, "rejected", false);
      return false;
    }
    if (outcome === "released") return this.putBack(message);
    message.deliveryCount++; // modified: delivery-failed
    const max = this.options.maxDeliveryAttempts;
    if (undeliverableHere && this.canDeadLetter()) {
      this.leave(message);
      this.deadLetter(message, "undeliverable", true);
      return false;
    }
    if (max !== undefined && message.deliveryCount >= max) {
      this.leave(message);
      this.deadLetter(message, "max-delivery-attempts", true);
      return false;
    }
    if (undeliverableHere) (message.refusedBy ??= new WeakSet()).add(holder);
    return this.putBack(message);
  }

  /**
   * Gives waiting messages to consumers that can take them; call when a consumer gains credit. A consumer
   * may settle inside deliver() (a pre-settled link); the nested call only asks this loop to go round
   * again, so the stack never grows with the backlog.
   */
  dispatch(): void {
    if (this.deleted) return;
    if (this.dispatching) {
      this.dispatchAgain = true;
      return;
    }
    this.dispatching = true;
    try {
      do {
        this.dispatchAgain = false;
        this.dispatchOnce();
      } while (this.dispatchAgain && !this.deleted);
    } finally {
      this.dispatching = false;
    }
  }

  private dispatchOnce(): void {
    const now = this.clock.now();
    // Round robin: stop once every consumer in a row could take nothing.
    let idle = 0;
    while (this.backlog.size > 0 && idle < this.consumers.length) {
      const index = this.nextConsumer % this.consumers.length;
      this.nextConsumer = index + 1;
      const consumer = this.consumers[index] as QueueConsumer;
      const message = consumer.canAccept() ? this.takeFor(consumer, now) : undefined;
      if (!message) {
        idle++;
        continue;
      }
      idle = 0;
      this.acquired.set(message, consumer);
      this.groups.delivered(message, consumer);
      if (message.storage) this.hooks.storage?.delivering(message.storage);
      consumer.deliver(message);
    }
    this.feedBrowsers(now);
    this.pageInIfWanted();
  }

  /**
   * Reads the oldest paged messages back when few wait in memory, or when a consumer has room and memory
   * allows (a consumer with a selector may match none of those in memory).
   */
  private pageInIfWanted(): void {
    const storage = this.hooks.storage;
    this.pager?.loadIf(
      () =>
        this.backlog.size < PAGE_IN_BELOW ||
        (storage?.shouldPage() === false && this.consumers.some((consumer) => consumer.canAccept())),
    );
  }

  private pagedIn(batch: readonly PagedMessage[], messages: readonly PublishedMessage[]): void {
    const now = this.clock.now();
    batch.forEach((paged, index) => {
      const message = messages[index] as PublishedMessage;
      if (message.deliverAt !== undefined && message.deliverAt > now) {
        // Recovered before it was due: wait again, out of order like any scheduled message.
        this.scheduledHandles.set(message, paged.handle);
        this.scheduled.add(message, message.deliverAt);
        return;
      }
      const expiresAt = paged.expiresAt ?? message.expiresAt;
      this.store(message, paged.deliveryCount, expiresAt, paged.handle, paged.sequence);
    });
    this.updateBlocked();
    this.dispatch();
  }

  /**
   * Adds messages recovered from the store after a restart, in store order; they stay on disk until
   * consumers need them.
   */
  restore(messages: Iterable<RestoredMessage>): void {
    for (const { handle, bytes, deliveryCount } of messages) {
      this.pager?.add({ sequence: this.nextSequence++, handle, bytes, deliveryCount, expiresAt: undefined });
    }
    this.updateBlocked();
    this.dispatch();
  }

  /** Drops every message, cancels the timers and releases flow-control waiters; returns how many went. */
  delete(): number {
    if (this.deleted) return 0;
    this.deleted = true;
    const inMemory = [...this.backlog.clear(), ...this.acquired.keys()];
    const count = inMemory.length + (this.pager?.release() ?? 0) + this.scheduled.clear();
    const storage = this.hooks.storage;
    if (storage) {
      for (const message of inMemory) if (message.storage) storage.left(message.storage);
      for (const handle of this.scheduledHandles.values()) storage.left(handle);
      storage.memoryHeld(-this.heldBytes);
    }
    this.scheduledHandles.clear();
    this.acquired.clear();
    this.expiries.clear();
    this.consumers.length = 0;
    this.browsers.clear();
    this.heldBytes = 0;
    this.counters.dropped += count;
    this.gate.open();
    return count;
  }

  stats(): QueueCounters {
    const now = this.clock.now();
    return {
      depth: this.depth,
      paged: this.pager?.size ?? 0,
      bytes: this.heldBytes + this.scheduled.bytes + (this.pager?.bytes ?? 0),
      unsettled: this.acquired.size,
      consumers: this.consumerCount,
      ...this.counters,
      enqueueRate: this.enqueueMeter.rate(now),
      dequeueRate: this.dequeueMeter.rate(now),
      scheduled: this.scheduled.size,
    };
  }

  /** The next message `consumer` may have, skipping (and expiring) expired ones; never one it refused. */
  private takeFor(consumer: QueueConsumer, now: number): QueuedMessage | undefined {
    const allowed = (message: QueuedMessage) =>
      (message.refusedBy === undefined || !message.refusedBy.has(consumer)) &&
      this.groups.allows(message, consumer) &&
      (consumer.accepts === undefined || consumer.accepts(message));
    for (;;) {
      const message = this.backlog.take(allowed);
      if (!message || !this.isExpired(message, now)) return message;
      this.expire(message);
    }
  }

  private feedBrowsers(now: number): void {
    for (const [browser, cursor] of this.browsers) {
      while (browser.canAccept()) {
        const message = cursor.next(this.backlog);
        if (!message) break;
        if (this.isExpired(message, now)) {
          this.backlog.remove(message);
          this.expire(message);
        } else if (browser.accepts === undefined || browser.accepts(message)) {
          browser.deliver(message);
        }
      }
    }
  }

  /** Takes a message in: kept in memory, or on disk only while the queue pages. */
  private admit(
    message: PublishedMessage,
    deliveryCount: number,
    expiresAt: number | undefined,
    handle: StorageHandle | undefined,
  ): void {
    const sequence = this.nextSequence;
    if (this.pager?.engaged && this.pager.pageOut(sequence, message, handle, deliveryCount, expiresAt)) {
      this.nextSequence++;
      return;
    }
    this.store(message, deliveryCount, expiresAt, handle);
  }

  private store(
    message: PublishedMessage,
    deliveryCount: number,
    expiresAt: number | undefined,
    storage: StorageHandle | undefined,
    sequence = this.nextSequence++,
  ): void {
    const queued: QueuedMessage = { sequence, message, deliveryCount };
    if (expiresAt !== undefined) (queued as { expiresAt?: number }).expiresAt = expiresAt;
    if (storage) (queued as { storage?: StorageHandle }).storage = storage;
    this.heldBytes += message.bytes.length;
    this.hooks.storage?.memoryHeld(message.bytes.length);
    if (expiresAt !== undefined && expiresAt <= this.clock.now()) {
      this.expire(queued);
      return;
    }
    this.backlog.append(queued);
    if (expiresAt !== undefined) this.expiries.add(queued, expiresAt);
  }

  /** Returns a message to the waiting ones, unless it expired meanwhile; true when it went back. */
  private putBack(message: QueuedMessage): boolean {
    if (this.isExpired(message, this.clock.now())) {
      this.expire(message);
      return false;
    }
    this.backlog.putBack(message);
    return true;
  }

  /** drop-head: drops the oldest waiting messages, lowest priority first, until one of `size` fits. */
  private makeRoom(size: number): void {
    if (this.options.overflow !== "drop-head") return;
    while (this.limits.exceededBy(this.load(), size) !== undefined) {
      const oldest = this.backlog.takeLeastImportant();
      if (!oldest) return;
      this.leave(oldest);
      this.counters.dropped++;
    }
  }

  /** [AMQP 3.2.1] an expired message is never delivered: dead-lettered with expiry "dead-letter", else dropped. */
  private expire(message: QueuedMessage): void {
    this.counters.expired++;
    this.leave(message);
    if (this.options.expiry === "dead-letter") this.deadLetter(message, "expired", false);
  }

  /** Hands a message that left the queue to the dead-letter hook, or drops it (counted when `countDrop`). */
  private deadLetter(message: QueuedMessage, reason: DeadLetterReason, countDrop: boolean): void {
    if (this.canDeadLetter()) {
      this.counters.deadLettered++;
      this.hooks.deadLetter?.(message, reason);
    } else if (countDrop) {
      this.counters.dropped++;
    }
  }

  private canDeadLetter(): boolean {
    return this.options.deadLetterQueue !== undefined && this.hooks.deadLetter !== undefined;
  }

  /** A message left for good: it stops counting against the limits. */
  private leave(message: QueuedMessage): void {
    this.heldBytes -= message.message.bytes.length;
    const storage = this.hooks.storage;
    if (storage) {
      storage.memoryHeld(-message.message.bytes.length);
      if (message.storage) storage.left(message.storage);
    }
    if (this.expiries.size > PRUNE_SLACK && this.expiries.size > 2 * this.load().messages) {
      this.expiries.retain((held) => this.backlog.has(held) || this.acquired.has(held));
    }
  }

  private isExpired(message: QueuedMessage, now: number): boolean {
    return message.expiresAt !== undefined && message.expiresAt <= now;
  }

  private ttlExpiry(now: number): number | undefined {
    const ttl = this.options.messageTtlMs;
    return ttl === undefined ? undefined : now + ttl;
  }

  private countEnqueue(): void {
    this.counters.enqueued++;
    this.enqueueMeter.record(this.clock.now());
  }

  private load(): QueueLoad {
    return {
      messages: this.backlog.size + (this.pager?.size ?? 0) + this.scheduled.size + this.acquired.size,
      bytes: this.heldBytes + this.scheduled.bytes + (this.pager?.bytes ?? 0),
    };
  }

  private updateBlocked(): void {
    if ((this.options.overflow ?? "producer-flow-control") !== "producer-flow-control") return;
    const load = this.load();
    this.gate.update(this.limits.over(load), this.limits.canResume(load));
  }
}
