import type { Delivery } from "rhea";
import type { DeliveryOutcome } from "../queues/queue";

/**
 * The outcome a consumer gave a delivery [AMQP 3.4], read from rhea's decoded remote state (an instance
 * of rhea's outcome class, named by `composite_type`; rhea's own `is_accepted` only reads undecoded
 * states). A modified outcome counts as a failed attempt only with delivery-failed set [AMQP 3.4.5].
 */
export function remoteOutcome(delivery: Delivery): DeliveryOutcome | undefined {
  const state = delivery.remote_state as { delivery_failed?: boolean } | undefined;
  const type = (state?.constructor as { composite_type?: string } | undefined)?.composite_type;
  switch (type) {
    case "accepted":
    case "rejected":
    case "released":
      return type;
    case "modified":
      return state?.delivery_failed ? "modified" : "released";
    default:
      return undefined;
  }
}
