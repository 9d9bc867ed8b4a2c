import type { Queue } from "../queues/queue";
import type { SubscriptionKind } from "./subscription-name";

/** What a subscription receives: the exchange, binding key and filters it was created with. */
export interface SubscriptionBinding {
  readonly exchange: string;
  readonly key: string;
  readonly selector: string | undefined;
  readonly noLocal: boolean;
}

/** A durable or shared topic subscription and the links consuming from it now. */
export interface Subscription {
  readonly name: string;
  /** The container-id that owns it; undefined for a global one. */
  readonly containerId: string | undefined;
  readonly kind: SubscriptionKind;
  readonly binding: SubscriptionBinding;
  readonly queue: Queue;
  /** The source the broker replied with, given back to an unsubscribe lookup [qpid-jms 2.7]. */
  readonly source: unknown;
  /** The links attached to it now (opaque to this module). */
  readonly links: Set<object>;
}

/**
 * The durable and shared subscriptions of a virtual host, by queue name. Plain non-durable subscriptions
 * are not kept here: they live and die with their one link.
 */
export class SubscriptionRegistry {
  private readonly subscriptions = new Map<string, Subscription>();

  /** @param changed told whenever a durable subscription comes or goes (the catalog saves them). */
  constructor(private readonly changed: () => void = () => undefined) {}

  /** Every subscription held. */
  all(): Subscription[] {
    return [...this.subscriptions.values()];
  }

  /** The subscription held in `queueName`, if it still has its queue (an admin may have deleted it). */
  get(queueName: string, isCurrent: (queue: Queue) => boolean): Subscription | undefined {
    const subscription = this.subscriptions.get(queueName);
    if (subscription && !isCurrent(subscription.queue)) {
      this.subscriptions.delete(queueName);
      return undefined;
    }
    return subscription;
  }

  add(subscription: Subscription): void {
    this.subscriptions.set(subscription.queue.name, subscription);
    if (subscription.kind.durable) this.changed();
  }

  /** Forgets a subscription (its queue is the caller's to delete). */
  delete(subscription: Subscription): void {
    if (this.subscriptions.get(subscription.queue.name) === subscription) {
      this.subscriptions.delete(subscription.queue.name);
      if (subscription.kind.durable) this.changed();
    }
  }
}

/** True when two bindings select the same messages: a subscription asked for with another is a new one. */
export function sameBinding(a: SubscriptionBinding, b: SubscriptionBinding): boolean {
  return a.exchange === b.exchange && a.key === b.key && a.selector === b.selector && a.noLocal === b.noLocal;
}
