import { SubscriptionRegistry } from "../addressing/subscription-registry";
import { type Clock, systemClock } from "../queues/clock";
import { Queue, type QueueHooks } from "../queues/queue";
import type { QueueOptions } from "../queues/queue-options";
import type { QueueStorage } from "../queues/queue-storage";
import type { QueuedMessage } from "../queues/queued-message";
import { DeclarationError } from "./declaration-error";
import { Exchange } from "./exchange";
import type { BindingOptions, ExchangeOptions } from "./exchange-options";
import type { PublishedMessage } from "./published-message";
import { type PublishResult, type PublishTarget, publishTo } from "./publish";

/** The exchanges every broker has [Broker-J, AMQP 0-10]; they cannot be deleted or redeclared otherwise. */
export const PREDECLARED_EXCHANGES: ReadonlyArray<[string, ExchangeOptions]> = [
  ["amq.direct", { type: "direct", durable: true }],
  ["amq.fanout", { type: "fanout", durable: true }],
  ["amq.topic", { type: "topic", durable: true }],
  ["amq.match", { type: "headers", durable: true }],
];

export interface VirtualHostOptions {
  clock?: Clock;
  /** Options every queue starts from; a declaration's own options win. */
  queueDefaults?: QueueOptions;
  /** Told about messages dropped for lack of a place to go (no dead-letter queue). */
  onDrop?: (queue: string, reason: string) => void;
  /** Keeps durable entities and messages across restarts (store/persistence.ts); absent: memory only. */
  persistence?: HostPersistence;
}

/** What the virtual host needs from the broker's persistence. */
export interface HostPersistence {
  /** The storage for a queue being declared (undefined: the queue keeps nothing on disk). */
  storageFor(name: string, options: QueueOptions): QueueStorage | undefined;
  /** A durable entity (queue, exchange, binding, subscription) came or went. */
  changed(): void;
  /** Told when a queue could not read its paged messages back. */
  pageInFailed(queue: string, error: unknown): void;
}

/**
 * The broker's namespace of queues and exchanges and the bindings between them: pure domain code, driven
 * by the AMQP handlers, the config file and the admin API alike.
 */
export class VirtualHost {
  private readonly queues = new Map<string, Queue>();
  private readonly exchanges = new Map<string, Exchange>();
  private readonly clock: Clock;
  /** Durable and shared topic subscriptions, by queue name. */
  readonly subscriptions = new SubscriptionRegistry(() => this.changed());

  constructor(private readonly options: VirtualHostOptions = {}) {
    this.clock = options.clock ?? systemClock;
    for (const [name, exchangeOptions] of PREDECLARED_EXCHANGES) {
      this.exchanges.set(name, new Exchange(name, exchangeOptions, this.clock));
    }
  }

  queue(name: string): Queue | undefined {
    return this.queues.get(name);
  }

  exchange(name: string): Exchange | undefined {
    return this.exchanges.get(name);
  }

  queueNames(): string[] {
    return [...this.queues.keys()];
  }

  exchangeNames(): string[] {
    return [...this.exchanges.keys()];
  }

  /**
   * Declares a queue, or returns the existing one when its options are the same.
   * @param hooks extra per-queue behaviour (a subscription's no-local filter).
   * @throws DeclarationError precondition-failed when it exists with other options or an exchange has the name.
   */
  declareQueue(name: string, options: QueueOptions = {}, hooks: Pick<QueueHooks, "accepts"> = {}): Queue {
    const existing = this.queues.get(name);
    const effective = { ...this.options.queueDefaults, ...options };
    if (existing) {
      if (!sameOptions(existing.options, effective)) {
        throw new DeclarationError(
          "precondition-failed",
          `queue "${name}" exists with other options: ${JSON.stringify(existing.options)}`,
        );
      }
      return existing;
    }
    const persistence = this.options.persistence;
    const storage = persistence?.storageFor(name, effective);
    const queue = new Queue(name, effective, {
      clock: this.clock,
      deadLetter: (message, reason) => this.deadLetter(queue, message, reason),
      unused: () => this.deleteQueue(name),
      ...(storage && { storage, pageInFailed: (error) => persistence?.pageInFailed(name, error) }),
      ...hooks,
    });
    this.queues.set(name, queue);
    if (effective.durable) this.changed();
    return queue;
  }

  /** Deletes a queue with its bindings and messages; returns how many messages went, or undefined. */
  deleteQueue(name: string): number | undefined {
    const queue = this.queues.get(name);
    if (!queue) return undefined;
    this.queues.delete(name);
    for (const exchange of [...this.exchanges.values()]) {
      if (exchange.unbind(queue) > 0) this.maybeAutoDelete(exchange);
    }
    const dropped = queue.delete();
    if (queue.options.durable) this.changed();
    return dropped;
  }

  /**
   * Declares an exchange, or returns the existing one of the same type and options.
   * @throws DeclarationError when it exists otherwise, or the name is a predeclared one or a queue's.
   */
  declareExchange(name: string, options: ExchangeOptions): Exchange {
    const existing = this.exchanges.get(name);
    if (existing) {
      if (!sameOptions(existing.options, options)) {
        throw new DeclarationError(
          "precondition-failed",
          `exchange "${name}" exists with other options: ${JSON.stringify(existing.options)}`,
        );
      }
      return existing;
    }
    if (name.startsWith("amq.")) {
      throw new DeclarationError("not-allowed", `exchange names starting "amq." are reserved: "${name}"`);
    }
    const exchange = new Exchange(name, options, this.clock);
    this.exchanges.set(name, exchange);
    if (options.durable) this.changed();
    return exchange;
  }

  /** Deletes an exchange and its bindings. @throws DeclarationError for the predeclared exchanges. */
  deleteExchange(name: string): boolean {
    if (PREDECLARED_EXCHANGES.some(([predeclared]) => predeclared === name)) {
      throw new DeclarationError("not-allowed", `the predeclared exchange "${name}" cannot be deleted`);
    }
    const exchange = this.exchanges.get(name);
    if (!exchange) return false;
    this.exchanges.delete(name);
    if (exchange.options.durable) this.changed();
    return true;
  }

  /** Binds a queue to an exchange. @throws DeclarationError not-found when either does not exist. */
  bind(binding: BindingOptions): void {
    const { exchange, queue } = this.bindingEnds(binding);
    exchange.bind(queue, binding.key ?? "", binding.arguments ?? {});
    if (exchange.options.durable && queue.options.durable) this.changed();
  }

  /** Removes a binding; returns whether there was one. */
  unbind(binding: BindingOptions): boolean {
    const { exchange, queue } = this.bindingEnds(binding);
    const removed = exchange.unbind(queue, binding.key ?? "", binding.arguments ?? {}) > 0;
    if (removed) this.maybeAutoDelete(exchange);
    if (removed && exchange.options.durable && queue.options.durable) this.changed();
    return removed;
  }

  /** Stores a message in a queue, or routes it through an exchange (and its alternates). */
  publish(target: PublishTarget, message: PublishedMessage): PublishResult {
    return publishTo(target, message, (name) => this.exchanges.get(name));
  }

  private bindingEnds(binding: BindingOptions): { exchange: Exchange; queue: Queue } {
    const exchange = this.exchanges.get(binding.exchange);
    if (!exchange) throw new DeclarationError("not-found", `no exchange "${binding.exchange}"`);
    const queue = this.queues.get(binding.queue);
    if (!queue) throw new DeclarationError("not-found", `no queue "${binding.queue}"`);
    return { exchange, queue };
  }

  private maybeAutoDelete(exchange: Exchange): void {
    if (exchange.options.autoDelete && exchange.bindingCount === 0) {
      this.exchanges.delete(exchange.name);
      if (exchange.options.durable) this.changed();
    }
  }

  private changed(): void {
    this.options.persistence?.changed();
  }

  /** Moves a message to its queue's dead-letter queue (declared on first use), keeping its bytes. */
  private deadLetter(from: Queue, message: QueuedMessage, reason: string): void {
    const name = from.options.deadLetterQueue;
    if (name === undefined || name === from.name) {
      this.options.onDrop?.(from.name, reason);
      return;
    }
    (this.queues.get(name) ?? this.declareQueue(name)).enqueueDeadLetter(message);
  }
}

function sameOptions(a: object, b: object): boolean {
  const entries = (o: object) =>
    JSON.stringify(
      Object.entries(o)
        .filter(([, value]) => value !== undefined)
        .sort(([x], [y]) => (x < y ? -1 : 1)),
    );
  return entries(a) === entries(b);
}
