import type { PublishedMessage } from "../routing/published-message";
import type { Clock } from "./clock";
import type { QueueStorage } from "./queue-storage";
import type { QueuedMessage } from "./queued-message";

/** Why a queue dead-letters a message. */
export type DeadLetterReason = "rejected" | "undeliverable" | "max-delivery-attempts" | "expired";

/** What a queue's owner (the virtual host) plugs into it. */
export interface QueueHooks {
  /** Time and timers for expiry, scheduled delivery and rates. Default systemClock. */
  clock?: Clock;
  /**
   * Called with each message to dead-letter; the owner routes it to options.deadLetterQueue. Only called
   * when options.deadLetterQueue is set (and for expired messages only when options.expiry is
   * "dead-letter"); otherwise the message is dropped. The message has left this queue when it is called.
   */
  deadLetter?: (message: QueuedMessage, reason: DeadLetterReason) => void;
  /** With options.autoDelete: called once, when the last consumer left after the queue had one. */
  unused?: () => void;
  /** Enqueue-time filter (no-local, selectors): false means the message is not stored ("filtered"). */
  accepts?: (message: PublishedMessage) => boolean;
  /** Durable records and paging (store/persistence.ts); without it the queue lives in memory only. */
  storage?: QueueStorage;
  /** Told when paged messages could not be read back (they stay paged and are tried again later). */
  pageInFailed?: (error: unknown) => void;
}

/** What became of a published message: stored, filtered out by `accepts`, or refused at a limit. */
export type EnqueueResult = "stored" | "filtered" | { rejected: string };

/** A queue's monitoring counters. */
export interface QueueCounters {
  /** Messages waiting for a consumer (scheduled ones not included), paged ones included. */
  depth: number;
  /** Of `depth`, the messages kept on disk only until consumers catch up (paging). */
  paged: number;
  /** Encoded bytes held: waiting, scheduled and delivered-but-unsettled. */
  bytes: number;
  unsettled: number;
  /** Consumers and browsers. */
  consumers: number;
  /** Messages stored (published and dead-lettered into this queue). */
  enqueued: number;
  /** Messages a consumer took away: accepted or rejected. */
  dequeued: number;
  expired: number;
  /** Messages this queue handed to its dead-letter queue. */
  deadLettered: number;
  /** Messages thrown away: drop-head overflow, max delivery attempts without a dead-letter queue, delete. */
  dropped: number;
  /** Stored messages per second over the last 10 s of the clock. */
  enqueueRate: number;
  /** Dequeued messages per second over the last 10 s of the clock. */
  dequeueRate: number;
  /** Delayed messages not yet due. */
  scheduled: number;
}
