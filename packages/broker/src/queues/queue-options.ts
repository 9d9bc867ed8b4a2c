/**
 * What a queue does when a new message would take it past `maxLength` or `maxBytes`:
 * - `producer-flow-control`: the message is stored, and producers that published to the queue get no more
 *   link credit until it falls back below its limits (Broker-J's PRODUCER_FLOW_CONTROL);
 * - `reject-publish`: the message is rejected with amqp:resource-limit-exceeded;
 * - `drop-head`: the oldest waiting messages are dropped to make room (a ring).
 */
export type OverflowPolicy = "producer-flow-control" | "reject-publish" | "drop-head";

export const OVERFLOW_POLICIES: readonly OverflowPolicy[] = [
  "producer-flow-control",
  "reject-publish",
  "drop-head",
];

/** What happens to a message whose time to live ran out: dropped, or moved to the dead-letter queue. */
export type ExpiryPolicy = "drop" | "dead-letter";

export const EXPIRY_POLICIES: readonly ExpiryPolicy[] = ["drop", "dead-letter"];

/** How a queue is declared: from a config file, the admin API or an auto-creation policy. */
export interface QueueOptions {
  /** Survives a broker restart (the queue; its persistent messages with issue 7's store). Default false. */
  durable?: boolean;
  /** At most one consumer at a time; a second is refused with amqp:resource-locked. Default false. */
  exclusive?: boolean;
  /** Deleted when its last consumer leaves (once it has had one). Default false. */
  autoDelete?: boolean;
  /** Most messages held (waiting, scheduled, or delivered and not yet settled); unlimited when absent. */
  maxLength?: number;
  /** Most encoded bytes held, counted as `maxLength` counts messages; unlimited when absent. */
  maxBytes?: number;
  /** What happens at a limit. Default `producer-flow-control`. */
  overflow?: OverflowPolicy;
  /** Where rejected, undeliverable and too-often-redelivered messages go; without one they are dropped. */
  deadLetterQueue?: string;
  /** Failed deliveries after which a message is dead-lettered; unlimited when absent. */
  maxDeliveryAttempts?: number;
  /** Time to live for messages that carry none of their own, in milliseconds. */
  messageTtlMs?: number;
  /** What happens to expired messages. Default `drop`. */
  expiry?: ExpiryPolicy;
}
