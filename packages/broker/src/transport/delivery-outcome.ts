import type { Delivery } from "rhea";
import type { DeliveryOutcome } from "../queues/queue";

/** A consumer's outcome for one delivery, with the modified outcome's undeliverable-here flag. */
export interface RemoteOutcome {
  readonly outcome: DeliveryOutcome;
  readonly undeliverableHere: boolean;
}

/**
 * The outcome a consumer gave a delivery [AMQP 3.4], read from rhea's decoded remote state (an instance
 * of rhea's outcome class, named by `composite_type`; rhea's own `is_accepted` only reads undecoded
 * states). A modified outcome counts as a failed attempt only with delivery-failed set [AMQP 3.4.5].
 */
export function remoteOutcome(delivery: Delivery): RemoteOutcome | undefined {
  const state = delivery.remote_state as
    { delivery_failed?: boolean; undeliverable_here?: boolean } | undefined;
  const type = (state?.constructor as { composite_type?: string } | undefined)?.composite_type;
  switch (type) {
    case "accepted":
    case "rejected":
    case "released":
      return { outcome: type, undeliverableHere: false };
    case "modified":
      return {
        outcome: state?.delivery_failed ? "modified" : "released",
        undeliverableHere: state?.undeliverable_here === true,
      };
    default:
      return undefined;
  }
}
