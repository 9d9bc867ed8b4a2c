import type { QueueConsumer } from "./queue-consumer";

/** A message held by a queue: the encoded bytes exactly as the producer sent them, never re-encoded. */
export interface QueuedMessage {
  /** Position in the queue, increasing with arrival; keeps redelivered messages in their original order. */
  readonly sequence: number;
  readonly bytes: Buffer;
  /** Failed delivery attempts so far; becomes the AMQP header delivery-count [AMQP 3.2.1]. */
  deliveryCount: number;
  /** Consumers that settled it modified with undeliverable-here: never offered to them again [AMQP 3.4.5]. */
  refusedBy?: WeakSet<QueueConsumer>;
}
