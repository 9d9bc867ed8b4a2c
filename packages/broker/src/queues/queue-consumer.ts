import type { QueuedMessage } from "./queued-message";

/**
 * What a queue needs from a consumer. The transport implements it over an AMQP sender link; the queue
 * itself knows nothing of links or sockets.
 */
export interface QueueConsumer {
  readonly id: string;
  /** True while the consumer can take one more message now (link credit, session window). */
  canAccept(): boolean;
  /** Hands over a message; the queue then holds it as acquired until settled. */
  deliver(message: QueuedMessage): void;
  /**
   * The consumer's own filter (a JMS selector): the queue offers it only messages this accepts and keeps
   * the others for other consumers. Absent means every message.
   */
  readonly accepts?: ((message: QueuedMessage) => boolean) | undefined;
}
