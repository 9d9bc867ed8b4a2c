import type { QueueConsumer } from "./queue-consumer";
import type { QueuedMessage } from "./queued-message";

/**
 * Message groups (JMSXGroupID, AMQP properties group-id [JMS 2.0 3.5.9]): the first consumer that gets a
 * message of a group owns the group while it stays attached, and other consumers skip that group's
 * messages, so one consumer sees a group in order. A consumer leaving frees its groups.
 */
export class MessageGroups {
  private readonly owners = new Map<string, QueueConsumer>();
  private readonly owned = new Map<QueueConsumer, Set<string>>();

  /** Whether `consumer` may take `message`: it has no group, or a free one, or one this consumer owns. */
  allows(message: QueuedMessage, consumer: QueueConsumer): boolean {
    const group = message.message.groupId;
    if (group === undefined) return true;
    const owner = this.owners.get(group);
    return owner === undefined || owner === consumer;
  }

  /** Records that `consumer` got `message`: it owns the message's group from now on if nobody did. */
  delivered(message: QueuedMessage, consumer: QueueConsumer): void {
    const group = message.message.groupId;
    if (group === undefined || this.owners.has(group)) return;
    this.owners.set(group, consumer);
    let groups = this.owned.get(consumer);
    if (!groups) this.owned.set(consumer, (groups = new Set()));
    groups.add(group);
  }

  ownerOf(group: string): QueueConsumer | undefined {
    return this.owners.get(group);
  }

  /** Frees the groups of a consumer that left. */
  release(consumer: QueueConsumer): void {
    for (const group of this.owned.get(consumer) ?? []) this.owners.delete(group);
    this.owned.delete(consumer);
  }
}
