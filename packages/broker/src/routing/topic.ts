import { Queue } from "../queues/queue";

/** What a subscriber asks for when it subscribes to a topic. */
export interface SubscriptionOptions {
  /** Unique among the topic's subscriptions; names the subscription queue. */
  readonly id: string;
  /** Who subscribes (a connection); compared by identity for no-local. */
  readonly subscriber: object;
  /** Skip messages published by the same subscriber [JMS 2.0 6.11.1, apache.org:no-local-filter:list]. */
  readonly noLocal: boolean;
}

/** One subscriber's private, non-durable queue on a topic. */
export interface Subscription extends SubscriptionOptions {
  readonly queue: Queue;
}

/**
 * A JMS topic: every message published is copied to every current subscription; with no subscribers it
 * is dropped [JMS 2.0 6.11]. The copies share the published bytes. Issue 5 turns this into bindings on
 * the amq.topic exchange; subscriptions stay queues either way.
 */
export class Topic {
  readonly kind = "topic";
  private readonly subscriptions = new Set<Subscription>();

  constructor(readonly name: string) {}

  get subscriberCount(): number {
    return this.subscriptions.size;
  }

  subscribe(options: SubscriptionOptions): Subscription {
    const subscription = { ...options, queue: new Queue(`${this.name}#${options.id}`) };
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** Ends a subscription; what its queue still holds is discarded with it (non-durable). */
  unsubscribe(subscription: Subscription): void {
    this.subscriptions.delete(subscription);
  }

  /** Ends every subscription (the topic is being deleted) and returns them. */
  unsubscribeAll(): Subscription[] {
    const all = [...this.subscriptions];
    this.subscriptions.clear();
    return all;
  }

  /** Copies `bytes` to each subscription `publisher` may reach; returns how many copies were stored. */
  publish(bytes: Buffer, publisher: object): number {
    let copies = 0;
    for (const subscription of this.subscriptions) {
      if (subscription.noLocal && subscription.subscriber === publisher) continue;
      subscription.queue.enqueue(bytes);
      copies++;
    }
    return copies;
  }
}
