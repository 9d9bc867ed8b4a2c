import { IllegalStateException } from "../errors/exceptions";
import { JMSException } from "../errors/jms-exception";

/** What a consumer asks of a named topic subscription [JMS 2.0 8.3]. */
export interface SubscriptionRequest {
  readonly name: string;
  readonly durable: boolean;
  readonly shared: boolean;
  /** The topic's address and the selector (undefined for none): shared consumers must agree on both. */
  readonly address: string;
  readonly selector: string | undefined;
}

/** A shared subscription's consumers on this connection. */
interface SharedEntry {
  readonly address: string;
  readonly selector: string | undefined;
  readonly active: Set<string>;
  /** Consumers opened since the subscription last had none: the link name counter [qpid-jms 2.7]. */
  opened: number;
}

/**
 * The named subscriptions a connection's consumers use [qpid-jms 2.7], so that rules JMS states per
 * connection are checked before anything is attached: an unshared durable subscription has at most one
 * active consumer; shared and unshared durable subscriptions with one name cannot coexist; shared consumers
 * of one subscription agree on topic and selector; an active subscription cannot be unsubscribed. It also
 * numbers the consumers of a shared subscription, which Qpid JMS puts in their link names.
 */
export class SubscriptionTracker {
  /** Unshared durable subscriptions in use: name -> consumer id. */
  private readonly exclusive = new Map<string, string>();
  private readonly sharedDurable = new Map<string, SharedEntry>();
  private readonly sharedVolatile = new Map<string, SharedEntry>();
  /** Where each consumer is registered, so `release` finds it. */
  private readonly byConsumer = new Map<string, { name: string; shared?: Map<string, SharedEntry> }>();

  /**
   * Registers `consumerId` on the subscription; resolves its 1-based number among the consumers opened
   * on it while it stayed in use (always 1 for an unshared durable one).
   * @throws JMSException for an empty name or one containing `|`.
   * @throws IllegalStateException when the request breaks one of the rules above, naming the subscription.
   */
  reserve(consumerId: string, request: SubscriptionRequest): number {
    const { name } = request;
    checkSubscriptionName(name);
    if (!request.shared) {
      if (this.exclusive.has(name)) {
        throw new IllegalStateException(
          `durable subscription "${name}" already has an active consumer on this connection; close it first (an unshared durable subscription has one consumer at a time) [JMS 2.0 8.3.2]`,
        );
      }
      if (this.sharedDurable.has(name)) {
        throw new IllegalStateException(
          `durable subscription "${name}" is in use as a shared durable subscription on this connection; use createSharedDurableConsumer or another name [JMS 2.0 8.3.4]`,
        );
      }
      this.exclusive.set(name, consumerId);
      this.byConsumer.set(consumerId, { name });
      return 1;
    }
    if (request.durable && this.exclusive.has(name)) {
      throw new IllegalStateException(
        `subscription "${name}" is in use as an unshared durable subscription on this connection; close its consumer first [JMS 2.0 8.3.4]`,
      );
    }
    const entries = request.durable ? this.sharedDurable : this.sharedVolatile;
    let entry = entries.get(name);
    if (entry && (entry.address !== request.address || entry.selector !== request.selector)) {
      throw new IllegalStateException(
        `shared subscription "${name}" has active consumers with topic "${entry.address}" and ${describeSelector(entry.selector)}; ` +
          `a consumer with topic "${request.address}" and ${describeSelector(request.selector)} cannot join it [JMS 2.0 8.3.3]`,
      );
    }
    if (!entry) {
      entry = { address: request.address, selector: request.selector, active: new Set(), opened: 0 };
      entries.set(name, entry);
    }
    entry.active.add(consumerId);
    entry.opened++;
    this.byConsumer.set(consumerId, { name, shared: entries });
    return entry.opened;
  }

  /** The consumer closed (or its attach failed): its subscription is free again once none is left. */
  release(consumerId: string): void {
    const registered = this.byConsumer.get(consumerId);
    if (!registered) return;
    this.byConsumer.delete(consumerId);
    if (!registered.shared) {
      if (this.exclusive.get(registered.name) === consumerId) this.exclusive.delete(registered.name);
      return;
    }
    const entry = registered.shared.get(registered.name);
    entry?.active.delete(consumerId);
    if (entry && entry.active.size === 0) registered.shared.delete(registered.name);
  }

  /** Whether a consumer of this connection uses a durable subscription called `name`. */
  isDurableActive(name: string): boolean {
    return this.exclusive.has(name) || this.sharedDurable.has(name);
  }
}

/**
 * @throws JMSException unless `name` is a non-empty string without `|`, which Qpid JMS reserves for the
 *   link name suffixes of shared subscriptions [qpid-jms 2.7].
 */
export function checkSubscriptionName(name: unknown): asserts name is string {
  if (typeof name !== "string" || name.length === 0) {
    throw new JMSException("a subscription name must be a non-empty string");
  }
  if (name.includes("|")) {
    throw new JMSException(
      `subscription name "${name}" contains "|", which is reserved for the link names of shared subscriptions`,
    );
  }
}

function describeSelector(selector: string | undefined): string {
  return selector === undefined ? "no selector" : `selector "${selector}"`;
}
