import type { Receiver, Sender } from "rhea";
import { AddressError } from "../addressing/address-resolver";
import { Condition } from "../transport/amqp-symbols";

const addressConditions = {
  "invalid-field": Condition.invalidField,
  "not-found": Condition.notFound,
  "not-implemented": Condition.notImplemented,
} as const;

/**
 * Refuses an attach: a null terminus in the reply, then a detach with the error [AMQP 2.6.3], which
 * Qpid JMS reports as "link creation was refused".
 */
export function refuseLink(link: Sender | Receiver, error: unknown): void {
  const condition =
    error instanceof AddressError ? addressConditions[error.condition] : Condition.internalError;
  const description = error instanceof Error ? error.message : String(error);
  link.close({ condition, description });
}
