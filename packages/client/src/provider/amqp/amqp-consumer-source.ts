import rhea from "rhea";
import type { ConsumerInfo, SubscriptionInfo } from "../provider";
import { nodeCapability } from "./amqp-destinations";
import { Capability, Filter, Outcome, Terminus } from "./amqp-symbols";

/**
 * The source terminus of a consumer link as Qpid JMS sends it [qpid-jms 2.6]: the address with its node
 * type capability, a non-durable link-scoped subscription (durable none, expiry link-detach), the four
 * outcomes with modified(delivery-failed) as default, the selector and no-local filters, and
 * distribution-mode copy for a browser. A durable subscription's source is durable (unsettled-state) with
 * expiry never, so the broker keeps it when the link detaches without closing; a shared one adds the
 * `shared` capability, and `global` without a ClientID [qpid-jms 2.7].
 */
export function consumerSource(info: ConsumerInfo): Record<string, unknown> {
  const subscription = info.subscription;
  const source: Record<string, unknown> = {
    address: info.destination.address,
    capabilities: [
      nodeCapability(info.destination),
      ...(subscription ? subscriptionCapabilities(subscription) : []),
    ],
    durable: 0,
    expiry_policy: "link-detach",
    outcomes: Object.values(Outcome),
    // What the broker assumes for deliveries left unsettled: a failed attempt [qpid-jms 2.6].
    default_outcome: failedOutcome(),
  };
  if (subscription?.durable) {
    source["durable"] = Terminus.durableUnsettledState;
    source["expiry_policy"] = Terminus.expiryNever;
    source["distribution_mode"] = Terminus.distributionCopy;
  }
  if (info.browse) source["distribution_mode"] = Terminus.distributionCopy;
  const filter: Record<string, unknown> = {};
  if (info.selector !== undefined) filter[Filter.selectorKey] = selectorFilter(info.selector);
  if (info.noLocal) filter[Filter.noLocalKey] = noLocalFilter();
  if (Object.keys(filter).length > 0) source["filter"] = filter;
  return source;
}

/**
 * The receiver link's name [qpid-jms 2.6, 2.7]. A plain consumer's is unique to it. A subscription's names
 * the subscription, since the broker finds a durable subscription by link name (and ClientID): an unshared
 * durable one is just the name; a shared durable one `name`, `name|2`, `name|3`... with a ClientID and
 * `name|global`, `name|global2`... without; a shared non-durable one `name|volatileN` or
 * `name|global-volatileN`.
 */
export function consumerLinkName(info: ConsumerInfo): string {
  const subscription = info.subscription;
  if (!subscription) return `qpid-jms:receiver:${info.id}:${info.destination.address}`;
  const { name, ordinal, global } = subscription;
  if (!subscription.shared) return name;
  if (!subscription.durable) return `${name}|${global ? "global-" : ""}volatile${ordinal}`;
  const suffix = `${global ? "global" : ""}${ordinal > 1 ? ordinal : ""}`;
  return suffix ? `${name}|${suffix}` : name;
}

/** How errors and waits name the consumer: a subscription by its name, anything else by destination. */
export function consumerDescription(info: ConsumerInfo): string {
  const subscription = info.subscription;
  if (!subscription) return `consumer for ${String(info.destination)}`;
  const kind = `${subscription.shared ? "shared " : ""}${subscription.durable ? "durable" : "non-durable"}`;
  const scope = subscription.global ? " (global, no ClientID)" : "";
  return `${kind} subscription "${subscription.name}"${scope} on ${String(info.destination)}`;
}

/**
 * A browser's deliveries come presettled: copies need no acknowledgement [qpid-jms 2.6]; so do a
 * presettled consumer's (jms.presettlePolicy), which trades redelivery for fewer frames.
 */
export function consumerSenderSettleMode(info: ConsumerInfo): 0 | 1 {
  return info.browse || info.presettle ? 1 : 0;
}

function subscriptionCapabilities(subscription: SubscriptionInfo): string[] {
  if (!subscription.shared) return [];
  return subscription.global ? [Capability.shared, Capability.global] : [Capability.shared];
}

interface RheaTypes {
  wrap_described(value: unknown, descriptor: number): unknown;
}

/** apache.org:selector-filter:string carrying the selector text [qpid-jms 2.1]. */
function selectorFilter(selector: string): unknown {
  const types = rhea.types as unknown as RheaTypes;
  return types.wrap_described(selector, Filter.selectorDescriptor);
}

/** apache.org:no-local-filter:list with Qpid JMS's value. */
function noLocalFilter(): unknown {
  const types = rhea.types as unknown as RheaTypes;
  return types.wrap_described(Filter.noLocalValue, Filter.noLocalDescriptor);
}

/** modified(delivery-failed=true) as a described value; rhea builds it but its typings omit the factory. */
function failedOutcome(): unknown {
  const outcomes = rhea.message as unknown as { modified(fields: object): { described(): unknown } };
  return outcomes.modified({ delivery_failed: true }).described();
}
