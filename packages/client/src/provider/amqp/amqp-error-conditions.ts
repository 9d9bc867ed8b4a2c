import { ProviderError, type ProviderErrorKind } from "../provider-error";
import { Condition } from "./amqp-symbols";

/** The one table from AMQP error conditions to provider error kinds [qpid-jms 2.6]. */
const kindByCondition: Record<string, ProviderErrorKind> = {
  [Condition.unauthorizedAccess]: "security",
  [Condition.notFound]: "invalid-destination",
  [Condition.resourceLimitExceeded]: "resource-allocation",
  [Condition.messageSizeExceeded]: "resource-allocation",
  [Condition.illegalState]: "illegal-state",
  [Condition.resourceLocked]: "illegal-state",
  [Condition.transactionRollback]: "transaction-rolled-back",
};

/** An AMQP error as rhea hands it over: `{ condition, description }`, or anything else. */
export function fromAmqpError(error: unknown, fallback: ProviderErrorKind, context: string): ProviderError {
  const { condition, description } = readAmqpError(error);
  const kind = (condition ? kindByCondition[condition] : undefined) ?? fallback;
  const detail = [condition, description].filter(Boolean).join(": ");
  return new ProviderError(kind, detail ? `${context}: ${detail}` : context, {
    ...(condition ? { condition } : {}),
    cause: error,
    retryable: kind === "connection-failed",
  });
}

function readAmqpError(error: unknown): { condition?: string; description?: string } {
  if (!error || typeof error !== "object") return {};
  const { condition, description, message } = error as Record<string, unknown>;
  return {
    ...(typeof condition === "string" ? { condition } : {}),
    ...(typeof description === "string"
      ? { description }
      : typeof message === "string"
        ? { description: message }
        : {}),
  };
}
