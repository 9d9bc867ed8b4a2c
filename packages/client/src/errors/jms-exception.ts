export interface JMSExceptionOptions {
  /** The AMQP error condition when the error came from the remote peer, e.g. `amqp:not-found`. */
  errorCode?: string;
  cause?: unknown;
  /** True when trying the same operation again may succeed (a dropped connection, a timeout). */
  retryable?: boolean;
}

const JMS_EXCEPTION = Symbol.for("jms-ts.JMSException");

/** The root of every error the JMS API throws [JMS 2.0 10]. */
export class JMSException extends Error {
  override name = "JMSException";
  readonly errorCode: string | undefined;
  readonly retryable: boolean;

  constructor(message: string, options: JMSExceptionOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.errorCode = options.errorCode;
    this.retryable = options.retryable ?? false;
    (this as unknown as Record<symbol, true>)[JMS_EXCEPTION] = true;
  }

  /** JMS's accessor for the provider-specific error code. */
  getErrorCode(): string | undefined {
    return this.errorCode;
  }
}

/** True for any JMSException, even one thrown by another copy of this package (where instanceof fails). */
export function isJMSException(error: unknown): error is JMSException {
  return (
    typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[JMS_EXCEPTION] === true
  );
}
