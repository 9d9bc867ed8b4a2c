import type { RedeliveryOutcome, RedeliveryPolicy } from "../connection-options";
import type { AckOutcome, InboundDelivery } from "../../provider/provider";

/** How a consumer filters what it hands out, from the connection's `jms.redeliveryPolicy.*`. */
export interface ConsumerPolicy {
  /** Link credit; 0 makes a pull consumer (each receive asks for one message) [qpid-jms 2.13]. */
  readonly prefetch: number;
  readonly redelivery: RedeliveryPolicy;
  /** jms.receiveLocalOnly: a pull consumer's timed receive neither pulls nor drains. */
  readonly receiveLocalOnly?: boolean;
  /** jms.receiveNoWaitLocalOnly: a pull consumer's receiveNoWait does not drain. */
  readonly receiveNoWaitLocalOnly?: boolean;
}

const OUTCOMES: Record<RedeliveryOutcome, AckOutcome> = {
  ACCEPTED: "accepted",
  REJECTED: "rejected",
  RELEASED: "released",
  MODIFIED_FAILED: "failed",
  MODIFIED_FAILED_UNDELIVERABLE: "undeliverable",
};

/**
 * Why a buffered message must not reach the application, as the outcome to settle it with, or undefined
 * when it may be delivered [qpid-jms 2.12]: its JMSExpiration passed while it waited in the prefetch
 * buffer (modified, delivery-failed, undeliverable-here), or it was delivered more often than
 * `maxRedeliveries` allows (-1: no limit) (the policy's outcome, by default the same).
 */
export function undeliverableOutcome(
  delivery: InboundDelivery,
  policy: RedeliveryPolicy,
  now: number,
): AckOutcome | undefined {
  const expiration = delivery.facade.getExpiration();
  if (expiration > 0 && expiration <= now) return "undeliverable";
  const max = policy.maxRedeliveries;
  if (max >= 0 && delivery.facade.getRedeliveryCount() > max) return OUTCOMES[policy.outcome];
  return undefined;
}
