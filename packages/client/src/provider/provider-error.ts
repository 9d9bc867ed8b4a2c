/** What kind of failure a provider reports; the facade maps each kind to one JMS exception class. */
export type ProviderErrorKind =
  | "connection-failed"
  | "security"
  | "invalid-destination"
  | "invalid-client-id"
  | "resource-allocation"
  | "illegal-state"
  | "timed-out"
  | "send-failed"
  | "transaction-rolled-back"
  | "transaction-in-doubt"
  | "message-format"
  | "general";

export interface ProviderErrorOptions {
  /** The remote AMQP error condition, when the peer sent one. */
  condition?: string;
  cause?: unknown;
  retryable?: boolean;
}

/** The one error type a provider throws; `toJMSException` turns it into the JMS hierarchy. */
export class ProviderError extends Error {
  override readonly name = "ProviderError";
  readonly condition: string | undefined;
  readonly retryable: boolean;

  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    options: ProviderErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.condition = options.condition;
    this.retryable = options.retryable ?? false;
  }
}
