import { IllegalStateException, InvalidDestinationException } from "../errors/exceptions";
import { jmsCall } from "../errors/to-jms-exception";
import type { Provider } from "../provider/provider";
import {
  type Destination,
  TemporaryQueue,
  type TemporaryDestinationOwner,
  TemporaryTopic,
} from "./destinations";
import { ChildIds } from "./id-generator";

type Temporary = TemporaryQueue | TemporaryTopic;

/**
 * The temporary queues and topics one connection created [JMS 2.0 6.2.2]: they live until deleted or the
 * connection closes, only this connection may consume from them, and none can be deleted while one of its
 * consumers still reads from it. Known by address, so a copy read from a message's JMSReplyTo counts too.
 */
export class TemporaryDestinations implements TemporaryDestinationOwner {
  private readonly ids: ChildIds;
  private readonly live = new Map<string, { id: string; destination: Temporary }>();
  private readonly deleted = new Set<string>();

  /** @param inUse whether a consumer of this connection reads from the address. */
  constructor(
    private readonly provider: Provider,
    connectionId: string,
    private readonly inUse: (address: string) => boolean,
  ) {
    this.ids = new ChildIds(connectionId);
  }

  async createTemporaryQueue(): Promise<TemporaryQueue> {
    return (await this.create("queue")) as TemporaryQueue;
  }

  async createTemporaryTopic(): Promise<TemporaryTopic> {
    return (await this.create("topic")) as TemporaryTopic;
  }

  async deleteTemporaryDestination(destination: Temporary): Promise<void> {
    const entry = this.live.get(destination.address);
    if (!entry) {
      if (this.deleted.has(destination.address)) return;
      throw new InvalidDestinationException(
        `cannot delete ${String(destination)}: this connection did not create it`,
      );
    }
    if (this.inUse(destination.address)) {
      throw new IllegalStateException(
        `cannot delete ${String(destination)}: a consumer still reads from it; close the consumer first`,
      );
    }
    this.live.delete(destination.address);
    this.deleted.add(destination.address);
    await jmsCall(() => this.provider.deleteTemporaryDestination(entry.id));
  }

  /**
   * Only the connection that created a temporary destination may consume from it [JMS 2.0 6.2.2].
   * @throws InvalidDestinationException for one created elsewhere, IllegalStateException for a deleted one.
   */
  checkConsumable(destination: Destination): void {
    if (!destination.temporary) return;
    this.checkNotDeleted(destination);
    if (!this.live.has(destination.address)) {
      throw new InvalidDestinationException(
        `cannot consume from ${String(destination)}: only the connection that created a temporary destination may consume from it`,
      );
    }
  }

  /** @throws IllegalStateException for a temporary destination this connection deleted (null: none given). */
  checkNotDeleted(destination: Destination | null): void {
    if (destination?.temporary && this.deleted.has(destination.address)) {
      throw new IllegalStateException(`${String(destination)} has been deleted`);
    }
  }

  /**
   * The connection is closing: deletes every temporary destination it still has. The broker would also
   * delete them with their links (delete-on-close), but not every broker notices a link that goes with
   * its connection at once. Failures are ignored: the connection close that follows removes them anyway.
   */
  async deleteAll(): Promise<void> {
    const entries = [...this.live.entries()];
    this.live.clear();
    for (const [address] of entries) this.deleted.add(address);
    await Promise.allSettled(entries.map(([, entry]) => this.provider.deleteTemporaryDestination(entry.id)));
  }

  private async create(kind: "queue" | "topic"): Promise<Temporary> {
    const id = this.ids.nextId();
    const address = await jmsCall(() => this.provider.createTemporaryDestination({ id, kind }));
    const destination =
      kind === "queue" ? new TemporaryQueue(address, this) : new TemporaryTopic(address, this);
    this.live.set(address, { id, destination });
    return destination;
  }
}
