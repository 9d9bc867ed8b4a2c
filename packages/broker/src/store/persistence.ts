import type { BrokerLogger } from "../logger";
import type { QueueOptions } from "../queues/queue-options";
import type { QueueStorage, RestoredMessage, StorageHandle } from "../queues/queue-storage";
import { type PublishedMessage, parsePublishedMessage } from "../routing/published-message";
import type { HostPersistence, VirtualHost } from "../routing/virtual-host";
import { type Catalog, catalogOf, declareCatalog } from "./catalog";
import type { MessageStore, RecoveredMessage, RecoveredState, StoredMessageRef } from "./message-store";

/** The queue id transient (paged, non-persistent) records are dequeued under; never a real queue's. */
const TRANSIENT_QUEUE = 0;

/** Publisher of recovered and paged-in messages: no live connection published them. */
const RESTORED_PUBLISHER = Object.freeze({ restored: true });

export interface PersistenceOptions {
  /** Bytes of message content kept in memory before queues page new messages out to the store. */
  readonly memoryLimitBytes: number;
  readonly logger: BrokerLogger;
  readonly now: () => number;
}

/**
 * The broker's side of the store: decides what to write (persistent messages on durable queues, durable
 * entities, paged-out bytes), hands queues their storage, and recovers the virtual host after a restart.
 * [AMQP 3.2.1 durable]: a durable message on a durable queue is in the store before its transfer is accepted.
 */
export class Persistence implements HostPersistence {
  private host: VirtualHost | undefined;
  private readonly ids = new Map<string, number>();
  private nextQueueId: number;
  /** The record of each message written this run or read back, shared by every durable queue holding it. */
  private readonly refs = new WeakMap<PublishedMessage, StoredMessageRef>();
  /**
   * Records written only to free memory (paging a non-persistent message), never recovered. A queue's
   * storage handle is the record itself (one small object per paged message, see PagedMessages); the queue
   * id comes from the storage it was handed by.
   */
  private readonly transient = new WeakSet<StoredMessageRef>();
  private memory = 0;
  private reported: string | undefined;
  private declaring = false;
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: MessageStore,
    private readonly catalog: Catalog,
    private readonly options: PersistenceOptions,
  ) {
    this.nextQueueId = catalog.nextQueueId;
    for (const { name, id } of catalog.queues) this.ids.set(name, id);
  }

  /**
   * Why the store refuses writes now, or undefined; retries a write once a second while failing. Logs once
   * when writes start failing and once when they work again, however many messages are refused between.
   */
  get failure(): string | undefined {
    const failure = this.store.failure === undefined ? undefined : this.store.retryWrites();
    if (failure !== this.reported) {
      if (failure === undefined)
        this.options.logger.warn("the store writes again: persistent messages are taken");
      else this.options.logger.error(`the store cannot write, refusing persistent messages: ${failure}`);
      this.reported = failure;
    }
    return failure;
  }

  /**
   * Declares the saved entities in `host` and puts each durable queue's recovered messages back (they stay
   * on disk until consumers need them). `declare` runs first: the broker's own config, which wins.
   */
  recover(host: VirtualHost, recovered: RecoveredState, declare: () => void): void {
    this.host = host;
    this.declaring = true;
    try {
      declare();
      declareCatalog(host, this.catalog);
    } finally {
      this.declaring = false;
    }
    const names = new Map([...this.ids].map(([name, id]) => [id, name]));
    for (const [queueId, messages] of recovered.queues) {
      const name = names.get(queueId);
      const queue = name === undefined ? undefined : host.queue(name);
      if (!queue?.options.durable) {
        // Its queue was deleted: release the records so their segments can be compacted.
        for (const { ref } of messages) this.store.dequeue(queueId, ref);
        continue;
      }
      queue.restore(restored(messages));
    }
    this.changed();
  }

  storageFor(name: string, options: QueueOptions): QueueStorage {
    const queueId = options.durable ? this.idFor(name) : undefined;
    const durable = (ref: StoredMessageRef) => queueId !== undefined && !this.transient.has(ref);
    return {
      stored: (message) => (queueId === undefined ? undefined : this.enqueue(queueId, message)),
      left: (handle) => {
        const ref = handle as StoredMessageRef;
        const id = durable(ref) ? (queueId as number) : TRANSIENT_QUEUE;
        this.quietly(() => this.store.dequeue(id, ref));
      },
      delivering: (handle) => {
        const ref = handle as StoredMessageRef;
        if (durable(ref)) this.quietly(() => this.store.delivered(queueId as number, ref));
      },
      shouldPage: () => this.store.kind === "file" && this.memory > this.options.memoryLimitBytes,
      pageOut: (message, durable) => durable ?? this.writeTransient(message),
      pageIn: (handles) => this.read(handles as readonly StoredMessageRef[]),
      memoryHeld: (delta) => {
        this.memory += delta;
      },
    };
  }

  /** Runs `work` (a publish, a commit) so that what it writes is recovered whole or not at all. */
  atomically<T>(work: () => T): T {
    return this.store.atomically(work);
  }

  /** Resolves once everything written so far is durable. @throws StoreUnavailableError */
  sync(): Promise<void> {
    return this.store.sync();
  }

  changed(): void {
    if (this.declaring || !this.host) return;
    const catalog = catalogOf(this.host, (name) => this.idFor(name), this.nextQueueId);
    for (const name of this.ids.keys()) if (!this.host.queue(name)?.options.durable) this.ids.delete(name);
    // Written before this returns (the attach or declaration that changed it answers after); synced later.
    const saved = this.store
      .saveCatalog({ ...catalog, nextQueueId: this.nextQueueId })
      .catch((error: unknown) =>
        this.options.logger.error(`could not save the catalog of durable entities: ${describe(error)}`),
      );
    this.saving = this.saving.then(() => saved);
  }

  pageInFailed(queue: string, error: unknown): void {
    this.options.logger.error(`queue "${queue}" could not read paged messages back: ${describe(error)}`);
  }

  /** Waits for catalog saves, syncs and closes the store. */
  async close(): Promise<void> {
    await this.saving;
    await this.store.close();
  }

  private idFor(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.nextQueueId++;
      this.ids.set(name, id);
    }
    return id;
  }

  /**
   * Records a persistent message on a durable queue. Never throws: publishes and commits check `failure`
   * first, so a failing store here is a dead-letter move or a race with a failing disk, where the message
   * stays in memory only rather than stopping the queue (logged).
   */
  private enqueue(queueId: number, message: PublishedMessage): StoredMessageRef | undefined {
    if (!message.durable) return undefined;
    try {
      let ref = this.refs.get(message);
      if (!ref) {
        ref = this.store.addMessage(message.bytes, false);
        this.refs.set(message, ref);
      }
      this.store.enqueue(queueId, ref);
      return ref;
    } catch (error) {
      this.options.logger.error(`a persistent message is kept in memory only: ${describe(error)}`);
      return undefined;
    }
  }

  private writeTransient(message: PublishedMessage): StorageHandle | undefined {
    try {
      const ref = this.store.addMessage(message.bytes, true);
      this.transient.add(ref);
      return ref;
    } catch (error) {
      this.options.logger.warn(`cannot page a message out, keeping it in memory: ${describe(error)}`);
      return undefined;
    }
  }

  private async read(refs: readonly StoredMessageRef[]): Promise<PublishedMessage[]> {
    const contents = await Promise.all(refs.map((ref) => this.store.read(ref)));
    const now = this.options.now();
    return contents.map((bytes, index) => {
      const message = parsePublishedMessage(bytes, RESTORED_PUBLISHER, now);
      const ref = refs[index] as StoredMessageRef;
      if (!this.transient.has(ref)) this.refs.set(message, ref);
      return message;
    });
  }

  /** Dequeue and delivery records are best effort when the store fails: a message may come back, never vanish. */
  private quietly(write: () => void): void {
    try {
      write();
    } catch {
      // The store reports its failure once through `failure`; persistent publishes are refused meanwhile.
    }
  }
}

/** A queue's recovered messages as the queue takes them, one at a time (no second array of a million). */
function* restored(messages: readonly RecoveredMessage[]): Generator<RestoredMessage> {
  for (const { ref, deliveries } of messages)
    yield { handle: ref, bytes: ref.length, deliveryCount: deliveries };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
