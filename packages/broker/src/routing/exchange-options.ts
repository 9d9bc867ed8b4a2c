/**
 * How an exchange routes [AMQP 0-10 exchanges, as Qpid Broker-J keeps them for AMQP 1.0]: `direct` by the
 * exact routing key, `fanout` to every bound queue, `topic` by binding patterns over dot-separated words
 * (`*` one word, `#` zero or more), `headers` by application properties (`x-match` `all` or `any`).
 */
export type ExchangeType = "direct" | "fanout" | "topic" | "headers";

export const EXCHANGE_TYPES: readonly ExchangeType[] = ["direct", "fanout", "topic", "headers"];

/** How an exchange is declared. */
export interface ExchangeOptions {
  type: ExchangeType;
  /** Survives a broker restart. Default false. */
  durable?: boolean;
  /** Deleted when its last binding goes (once it has had one). Default false. */
  autoDelete?: boolean;
  /** Where messages that match no binding go; without one they are released to the sender. */
  alternateExchange?: string;
}

/** A binding argument value (headers exchanges match application properties against these). */
export type BindingArgument = string | number | boolean;

/** A queue bound to an exchange. */
export interface BindingOptions {
  exchange: string;
  queue: string;
  /** Routing key (direct), pattern (topic); ignored by fanout and headers. Default "". */
  key?: string;
  /** Headers exchanges: `x-match` (`all` default, or `any`) and the properties to match. */
  arguments?: Record<string, BindingArgument>;
}
