import type { Receiver, Sender } from "rhea";
import { AddressError } from "../addressing/address-resolver";
import { QueueError } from "../queues/queue";
import { DeclarationError } from "../routing/declaration-error";
import { Condition } from "../transport/amqp-symbols";
import { LimitExceededError } from "./on-session-open";

const conditions = {
  "invalid-field": Condition.invalidField,
  "not-found": Condition.notFound,
  "not-implemented": Condition.notImplemented,
  "unauthorized-access": Condition.unauthorizedAccess,
  "resource-locked": Condition.resourceLocked,
  "resource-limit-exceeded": Condition.resourceLimitExceeded,
  "precondition-failed": Condition.preconditionFailed,
  "not-allowed": Condition.notAllowed,
} as const;

/** The AMQP error condition [AMQP 2.8.15] for an error of the domain or addressing layers. */
export function conditionOf(error: unknown): string {
  if (
    error instanceof AddressError ||
    error instanceof QueueError ||
    error instanceof DeclarationError ||
    error instanceof LimitExceededError
  ) {
    return conditions[error.condition];
  }
  return Condition.internalError;
}

/**
 * Refuses an attach: a null terminus in the reply, then a detach with the error [AMQP 2.6.3], which
 * Qpid JMS reports as "link creation was refused".
 */
export function refuseLink(link: Sender | Receiver, error: unknown): void {
  const description = error instanceof Error ? error.message : String(error);
  link.close({ condition: conditionOf(error), description });
}
