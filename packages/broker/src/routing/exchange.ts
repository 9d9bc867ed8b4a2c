import { type Clock, systemClock } from "../queues/clock";
import type { Queue } from "../queues/queue";
import { RateMeter } from "../queues/rate-meter";
import { Binding } from "./binding";
import type { BindingArgument, ExchangeOptions, ExchangeType } from "./exchange-options";
import type { PublishedMessage } from "./published-message";

/** Counters of one exchange, for monitoring. */
export interface ExchangeCounters {
  bindings: number;
  /** Messages that reached at least one queue. */
  routed: number;
  /** Messages that matched no binding (released, discarded, or sent to the alternate exchange). */
  unroutable: number;
  /** Messages published to it per second, over the last 10 seconds. */
  publishRate: number;
}

/**
 * An exchange: routes each published message, by its routing key or headers, to the queues bound to it.
 * It stores nothing; the virtual host stores the message in the queues it returns.
 */
export class Exchange {
  readonly kind = "exchange";
  private readonly all: Binding[] = [];
  /** Direct exchanges look bindings up by key instead of scanning them. */
  private readonly byKey = new Map<string, Binding[]>();
  private routed = 0;
  private unroutable = 0;
  private readonly published = new RateMeter();

  constructor(
    readonly name: string,
    readonly options: Readonly<ExchangeOptions>,
    private readonly clock: Clock = systemClock,
  ) {}

  get type(): ExchangeType {
    return this.options.type;
  }

  get bindingCount(): number {
    return this.all.length;
  }

  bindings(): readonly Binding[] {
    return this.all;
  }

  /** Binds a queue; binding the same queue, key and arguments again changes nothing. */
  bind(queue: Queue, key: string, args: Readonly<Record<string, BindingArgument>> = {}): Binding {
    const existing = this.all.find((binding) => binding.sameAs(queue, key, args));
    if (existing) return existing;
    const binding = new Binding(this.name, queue, key, args);
    this.all.push(binding);
    const sameKey = this.byKey.get(key);
    if (sameKey) sameKey.push(binding);
    else this.byKey.set(key, [binding]);
    return binding;
  }

  /** Removes bindings of `queue` (with `key` only, when given); returns how many went. */
  unbind(queue: Queue, key?: string, args?: Readonly<Record<string, BindingArgument>>): number {
    const gone = this.all.filter(
      (binding) =>
        binding.queue === queue &&
        (key === undefined || binding.key === key) &&
        (args === undefined || binding.sameAs(queue, binding.key, args)),
    );
    for (const binding of gone) {
      this.all.splice(this.all.indexOf(binding), 1);
      const sameKey = this.byKey.get(binding.key) ?? [];
      sameKey.splice(sameKey.indexOf(binding), 1);
      if (sameKey.length === 0) this.byKey.delete(binding.key);
    }
    return gone.length;
  }

  /** The queues a message with this routing key reaches, each once. Counts routed or unroutable. */
  route(message: PublishedMessage, key: string): Set<Queue> {
    const queues = new Set<Queue>();
    for (const binding of this.candidates(key)) {
      if (this.matches(binding, message, key)) queues.add(binding.queue);
    }
    if (queues.size > 0) this.routed++;
    else this.unroutable++;
    this.published.record(this.clock.now());
    return queues;
  }

  counters(): ExchangeCounters {
    return {
      bindings: this.all.length,
      routed: this.routed,
      unroutable: this.unroutable,
      publishRate: this.published.rate(this.clock.now()),
    };
  }

  private candidates(key: string): readonly Binding[] {
    return this.type === "direct" ? (this.byKey.get(key) ?? []) : this.all;
  }

  private matches(binding: Binding, message: PublishedMessage, key: string): boolean {
    switch (this.type) {
      case "direct":
        return binding.key === key;
      case "fanout":
        return true;
      case "topic":
        return binding.topic.matches(key);
      case "headers":
        return binding.headers.matches(message.applicationProperties);
    }
  }
}
