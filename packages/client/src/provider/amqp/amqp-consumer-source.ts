import rhea from "rhea";
import type { ConsumerInfo } from "../provider";
import { nodeCapability } from "./amqp-destinations";
import { Filter, Outcome, Terminus } from "./amqp-symbols";

/**
 * The source terminus of a consumer link as Qpid JMS sends it [qpid-jms 2.6]: the address with its node
 * type capability, a non-durable link-scoped subscription (durable none, expiry link-detach), the four
 * outcomes with modified(delivery-failed) as default, the no-local filter for noLocal subscribers, and
 * distribution-mode copy for a browser.
 */
export function consumerSource(info: ConsumerInfo): Record<string, unknown> {
  const source: Record<string, unknown> = {
    address: info.destination.address,
    capabilities: [nodeCapability(info.destination)],
    durable: 0,
    expiry_policy: "link-detach",
    outcomes: Object.values(Outcome),
    // What the broker assumes for deliveries left unsettled: a failed attempt [qpid-jms 2.6].
    default_outcome: failedOutcome(),
  };
  if (info.browse) source["distribution_mode"] = Terminus.distributionCopy;
  if (info.noLocal) source["filter"] = { [Filter.noLocalKey]: noLocalFilter() };
  return source;
}

/**
 * A browser's deliveries come presettled: copies need no acknowledgement [qpid-jms 2.6]; so do a
 * presettled consumer's (jms.presettlePolicy), which trades redelivery for fewer frames.
 */
export function consumerSenderSettleMode(info: ConsumerInfo): 0 | 1 {
  return info.browse || info.presettle ? 1 : 0;
}

interface RheaTypes {
  wrap_described(value: unknown, descriptor: number): unknown;
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
