import type { PublishedMessage } from "../routing/published-message";
import type { QueueConsumer } from "./queue-consumer";
import type { StorageHandle } from "./queue-storage";

/**
 * A message held by a queue. The encoded bytes (`message.bytes`) are exactly as the producer sent them and
 * never re-encoded; the same PublishedMessage may sit in several queues, each with its own QueuedMessage.
 */
export interface QueuedMessage {
  /** Position in the queue, increasing with arrival; keeps redelivered messages in their original order. */
  readonly sequence: number;
  readonly message: PublishedMessage;
  /** When it expires (ms since the epoch): its own expiry, else the queue's messageTtlMs from arrival. */
  readonly expiresAt?: number;
  /** Failed delivery attempts so far; becomes the AMQP header delivery-count [AMQP 3.2.1]. */
  deliveryCount: number;
  /** Consumers that settled it modified with undeliverable-here: never offered to them again [AMQP 3.4.5]. */
  refusedBy?: WeakSet<QueueConsumer>;
  /** Its record in the store (durable, or written out for paging), released when it leaves the queue. */
  readonly storage?: StorageHandle;
}
