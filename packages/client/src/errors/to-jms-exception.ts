import { ProviderError, type ProviderErrorKind } from "../provider/provider-error";
import {
  ConnectionFailedException,
  IllegalStateException,
  InvalidClientIDException,
  InvalidDestinationException,
  JMSSecurityException,
  MessageFormatException,
  OperationTimedOutException,
  ResourceAllocationException,
  SendFailedException,
  TransactionInDoubtException,
  TransactionRolledBackException,
} from "./exceptions";
import { isJMSException, JMSException } from "./jms-exception";

const byKind: Record<ProviderErrorKind, typeof JMSException> = {
  "connection-failed": ConnectionFailedException,
  security: JMSSecurityException,
  "invalid-destination": InvalidDestinationException,
  "invalid-client-id": InvalidClientIDException,
  "resource-allocation": ResourceAllocationException,
  "illegal-state": IllegalStateException,
  "timed-out": OperationTimedOutException,
  "send-failed": SendFailedException,
  "transaction-rolled-back": TransactionRolledBackException,
  "transaction-in-doubt": TransactionInDoubtException,
  "message-format": MessageFormatException,
  general: JMSException,
};

/** The single place where provider failures become JMS exceptions (CONVENTIONS rule 10). */
export function toJMSException(error: unknown): JMSException {
  if (isJMSException(error)) return error;
  if (error instanceof ProviderError) {
    const ExceptionClass = byKind[error.kind];
    return new ExceptionClass(error.message, {
      ...(error.condition === undefined ? {} : { errorCode: error.condition }),
      cause: error,
      retryable: error.retryable,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new JMSException(message, { cause: error });
}

/** Runs an operation and rethrows whatever it throws as a JMSException. */
export async function jmsCall<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw toJMSException(error);
  }
}
