import type { Connection, Sender } from "rhea";
import { AddressError } from "../addressing/address-resolver";
import {
  type SubscriptionKind,
  subscriptionNameOf,
  subscriptionQueueName,
} from "../addressing/subscription-name";
import {
  sameBinding,
  type Subscription,
  type SubscriptionBinding,
  type SubscriptionRegistry,
} from "../addressing/subscription-registry";
import type { Queue } from "../queues/queue";
import type { Exchange } from "../routing/exchange";
import type { MessageSelector } from "../routing/message-selector";
import type { PublishedMessage } from "../routing/published-message";
import type { VirtualHost } from "../routing/virtual-host";
import { Capability, Condition, ExpiryPolicy, TerminusDurability } from "../transport/amqp-symbols";
import type { BrokerContext } from "./broker-context";
import { bindingKeyEntry, noLocalEntry, selectorEntry } from "./source-filters";
import { capabilityList, type TerminusFields } from "./terminus";

/** A source terminus with the fields that make a subscription durable [AMQP 3.5.3]. */
type SubscriptionSource = TerminusFields & { durable?: unknown; expiry_policy?: unknown };

/** The durable and shared subscriptions of the broker's virtual host. */
export function subscriptionsOf(host: VirtualHost): SubscriptionRegistry {
  return host.subscriptions;
}

/**
 * The queue a receiving link on an exchange (a JMS topic) consumes from [JMS 2.0 6.11]:
 * - a plain subscriber gets a private queue, deleted with its link (Broker-J's non-durable subscription);
 * - a durable one (source durable other than none, or expiry-policy never) keeps its queue, and the
 *   messages published meanwhile, when its link detaches without closing; a detach with closed=true
 *   unsubscribes [AMQP 2.6.6, qpid-jms 2.6];
 * - a shared one (capability `shared`) shares one queue among all its links, load-balanced; a non-durable
 *   (volatile) one goes with its last link [JMS 2.0 6.11.2].
 * No-local and the selector filter at enqueue; only filters applied go back in the reply [AMQP 3.5.3].
 * @throws AddressError invalid-field for a bad selector; resource-locked for a subscription in use.
 */
export function subscribe(
  broker: BrokerContext,
  connection: Connection,
  sender: Sender,
  exchange: Exchange,
  addressKey: string,
  source: SubscriptionSource,
  reply: SubscriptionSource,
): Queue {
  const applied: Array<[string, unknown]> = [];
  const noLocal = noLocalEntry(source.filter);
  if (noLocal) applied.push(noLocal.entry);
  const legacyKey = bindingKeyEntry(source.filter);
  if (legacyKey) applied.push(legacyKey.entry);
  const selector = selectorEntry(source.filter);
  if (selector) applied.push(selector.entry);
  if (applied.length > 0) reply.filter = Object.fromEntries(applied);
  const accepts = enqueueFilter(noLocal ? connection : undefined, selector?.selector);
  const binding: SubscriptionBinding = {
    exchange: exchange.name,
    key: legacyKey?.key ?? addressKey,
    selector: selector?.selector.text,
    noLocal: noLocal !== undefined,
  };
  const kind = subscriptionKind(source);
  if (!kind.durable && !kind.shared) {
    const queue = broker.host.declareQueue(
      privateQueueName(broker.host, connection.container_id, sender.name),
      {},
      accepts ? { accepts } : {},
    );
    broker.host.bind({ exchange: binding.exchange, queue: queue.name, key: binding.key });
    broker.links.whenGone(sender, () => broker.host.deleteQueue(queue.name));
    return queue;
  }
  if (kind.durable) {
    reply.durable = source.durable;
    reply.expiry_policy = source.expiry_policy;
  }
  const subscription = joinSubscription(broker, connection, sender, kind, binding, accepts, reply);
  return subscription.queue;
}

/**
 * An attach with no source (Qpid JMS's unsubscribe): the durable subscription the link name names, whose
 * source goes back in the reply; the link's detach with closed=true then deletes it [qpid-jms 2.7].
 * @throws AddressError not-found when there is none.
 */
export function lookupSubscription(
  broker: BrokerContext,
  connection: Connection,
  sender: Sender,
): TerminusFields {
  const desired = capabilityList(
    (sender as unknown as { remote?: { attach?: { desired_capabilities?: unknown } } }).remote?.attach
      ?.desired_capabilities,
  );
  const global = desired.includes(Capability.global) || sender.name.endsWith("|global");
  const names = new Set([sender.name, subscriptionNameOf(sender.name, true)]);
  const registry = subscriptionsOf(broker.host);
  for (const name of names) {
    const kind = { durable: true, shared: true, global };
    const queueName = subscriptionQueueName(connection.container_id, name, kind);
    const subscription = registry.get(queueName, (queue) => broker.host.queue(queue.name) === queue);
    if (!subscription) continue;
    broker.links.whenGone(sender, () => {
      if (!closedByPeer(sender)) return;
      if (subscription.links.size > 0) {
        sender.close({
          condition: Condition.resourceLocked,
          description: `${describe(subscription)} has active consumers`,
        });
        return;
      }
      drop(broker, subscription);
    });
    return { ...(subscription.source as TerminusFields) };
  }
  const owner = global ? "global" : `of client "${connection.container_id}"`;
  throw new AddressError(
    "not-found",
    `no durable subscription "${subscriptionNameOf(sender.name, true)}" ${owner}`,
  );
}

/** Finds or creates the durable or shared subscription and adds the link to it. */
function joinSubscription(
  broker: BrokerContext,
  connection: Connection,
  sender: Sender,
  kind: SubscriptionKind,
  binding: SubscriptionBinding,
  accepts: ((message: PublishedMessage) => boolean) | undefined,
  reply: TerminusFields,
): Subscription {
  const name = subscriptionNameOf(sender.name, kind.shared);
  const queueName = subscriptionQueueName(connection.container_id, name, kind);
  const registry = subscriptionsOf(broker.host);
  let subscription = registry.get(queueName, (queue) => broker.host.queue(queue.name) === queue);
  if (subscription) {
    const changed = !sameBinding(subscription.binding, binding) || subscription.kind.shared !== kind.shared;
    if (subscription.links.size > 0 && changed) {
      throw new AddressError(
        "resource-locked",
        `${describe(subscription)} is in use with another topic, selector or sharing; close its consumers first`,
      );
    }
    if (subscription.links.size > 0 && !kind.shared) {
      throw new AddressError("resource-locked", `${describe(subscription)} already has an active consumer`);
    }
    if (changed) {
      // Changing a durable subscription's topic or selector is unsubscribing and subscribing anew [JMS 2.0 6.11.1].
      drop(broker, subscription);
      subscription = undefined;
    }
  }
  if (!subscription) {
    if (broker.host.queue(queueName)) {
      throw new AddressError("resource-locked", `queue "${queueName}" exists and is not a subscription`);
    }
    const queue = broker.host.declareQueue(
      queueName,
      kind.durable ? { durable: true } : {},
      accepts ? { accepts } : {},
    );
    broker.host.bind({ exchange: binding.exchange, queue: queue.name, key: binding.key });
    const containerId = kind.global ? undefined : connection.container_id;
    subscription = { name, containerId, kind, binding, queue, source: { ...reply }, links: new Set() };
    registry.add(subscription);
  }
  const joined = subscription;
  joined.links.add(sender);
  broker.links.whenGone(sender, () => {
    joined.links.delete(sender);
    if (joined.links.size > 0) return;
    if (!joined.kind.durable || closedByPeer(sender)) drop(broker, joined);
  });
  return joined;
}

function subscriptionKind(source: SubscriptionSource): SubscriptionKind {
  const capabilities = capabilityList(source.capabilities);
  const durability = typeof source.durable === "number" ? source.durable : TerminusDurability.none;
  return {
    durable: durability !== TerminusDurability.none || source.expiry_policy === ExpiryPolicy.never,
    shared: capabilities.includes(Capability.shared),
    global: capabilities.includes(Capability.global),
  };
}

/** The enqueue-time filter of a subscription queue: no-local [JMS 2.0 6.11.1] and the selector. */
function enqueueFilter(
  publisher: object | undefined,
  selector: MessageSelector | undefined,
): ((message: PublishedMessage) => boolean) | undefined {
  if (!publisher && !selector) return undefined;
  return (message) => message.publisher !== publisher && (!selector || selector.matches(message));
}

/** Deletes a subscription and its queue (unless an admin deleted or replaced the queue already). */
function drop(broker: BrokerContext, subscription: Subscription): void {
  subscriptionsOf(broker.host).delete(subscription);
  if (broker.host.queue(subscription.queue.name) === subscription.queue) {
    broker.host.deleteQueue(subscription.queue.name);
  }
}

/** True when the peer detached the link with closed=true [AMQP 2.7.7]; false for a plain detach or a drop. */
function closedByPeer(sender: Sender): boolean {
  const remote = (sender as unknown as { remote?: { detach?: { closed?: unknown } } }).remote;
  return remote?.detach?.closed === true;
}

function describe(subscription: Subscription): string {
  const kind = `${subscription.kind.shared ? "shared " : ""}${subscription.kind.durable ? "durable" : "volatile"}`;
  const owner =
    subscription.containerId === undefined ? "(global)" : `of client "${subscription.containerId}"`;
  return `${kind} subscription "${subscription.name}" ${owner}`;
}

/** Broker-J's name for a non-durable subscription queue, made unique if the same link attaches twice. */
function privateQueueName(host: VirtualHost, containerId: string, linkName: string): string {
  const base = `qpidsub_/${containerId}_/${linkName}_/nondurable`;
  let name = base;
  for (let n = 2; host.queue(name); n++) name = `${base}_${n}`;
  return name;
}
