import type { PublishTarget, UnroutablePolicy } from "../routing/publish";
import { Capability } from "../transport/amqp-symbols";
import type { NodeKind } from "./node-kind";

/**
 * What an exchange target does with a message no binding matches: as the target's Broker-J capability
 * (`DISCARD_UNROUTABLE`, `REJECT_UNROUTABLE`) says; for a JMS topic discard it, since publishing to a topic
 * nobody subscribes to succeeds [JMS 2.0 6.11]; otherwise release it to the sender.
 */
export function unroutablePolicyOf(
  capabilities: readonly string[],
  kind: NodeKind | undefined,
): UnroutablePolicy {
  if (capabilities.includes(Capability.rejectUnroutable)) return "reject";
  if (capabilities.includes(Capability.discardUnroutable) || kind === "topic") return "discard";
  return "release";
}

/** The target with the policy applied (queues have no use for it). */
export function withUnroutablePolicy(target: PublishTarget, policy: UnroutablePolicy): PublishTarget {
  return "exchange" in target ? { ...target, unroutable: policy } : target;
}
