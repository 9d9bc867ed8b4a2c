import { JMSException } from "./jms-exception";

// The JMS exception hierarchy [JMS 2.0 10.1]; every class sets `name` so logs and tests can tell them apart.

/** A method was called at a time the JMS provider cannot serve it (a closed object, a wrong mode). */
export class IllegalStateException extends JMSException {
  override name = "IllegalStateException";
}

/** The client ID was rejected (in use by another connection, or malformed). */
export class InvalidClientIDException extends JMSException {
  override name = "InvalidClientIDException";
}

/** The destination is not understood or does not exist on the broker. */
export class InvalidDestinationException extends JMSException {
  override name = "InvalidDestinationException";
}

/** The message selector is not valid syntax. */
export class InvalidSelectorException extends JMSException {
  override name = "InvalidSelectorException";
}

/** Authentication failed or the broker refused access. */
export class JMSSecurityException extends JMSException {
  override name = "JMSSecurityException";
}

/** A BytesMessage or StreamMessage was read past its end. */
export class MessageEOFException extends JMSException {
  override name = "MessageEOFException";
}

/** A value has the wrong type for the message field or property it is read from or written to. */
export class MessageFormatException extends JMSException {
  override name = "MessageFormatException";
}

/** The message body is write-only right now. */
export class MessageNotReadableException extends JMSException {
  override name = "MessageNotReadableException";
}

/** The message body or properties are read-only right now. */
export class MessageNotWriteableException extends JMSException {
  override name = "MessageNotWriteableException";
}

/** The broker or the client could not allocate a resource (queue full, limits). */
export class ResourceAllocationException extends JMSException {
  override name = "ResourceAllocationException";
}

/** The operation is not allowed while a transaction is in progress. */
export class TransactionInProgressException extends JMSException {
  override name = "TransactionInProgressException";
}

/** A commit failed and the transaction was rolled back. */
export class TransactionRolledBackException extends JMSException {
  override name = "TransactionRolledBackException";
}

/**
 * The connection was lost while a commit was outstanding: whether the broker committed or rolled the
 * transaction back is unknown (client extra, as Qpid JMS's TransactionInDoubtException).
 */
export class TransactionInDoubtException extends JMSException {
  override name = "TransactionInDoubtException";
}

/** The connection to the broker could not be made or was lost (client extra; retryable). */
export class ConnectionFailedException extends JMSException {
  override name = "ConnectionFailedException";
}

/** An operation did not complete within its time limit (client extra; retryable). */
export class OperationTimedOutException extends JMSException {
  override name = "OperationTimedOutException";
}

/** The broker did not accept a sent message; errorCode holds why (client extra). */
export class SendFailedException extends JMSException {
  override name = "SendFailedException";
}

/**
 * The call is not allowed on this object, e.g. `send(destination, message)` on a producer created with a
 * destination. Java JMS throws java.lang.UnsupportedOperationException there; this one is a JMSException
 * so one catch covers every send failure (client extra; docs/decisions/0011).
 */
export class UnsupportedOperationException extends JMSException {
  override name = "UnsupportedOperationException";
}
