import type { SubscriptionKind } from "../addressing/subscription-name";
import type { SubscriptionBinding } from "../addressing/subscription-registry";
import type { QueueOptions } from "../queues/queue-options";
import type { BindingOptions, ExchangeOptions } from "../routing/exchange-options";
import { MessageSelector } from "../routing/message-selector";
import type { PublishedMessage } from "../routing/published-message";
import { PREDECLARED_EXCHANGES, type VirtualHost } from "../routing/virtual-host";

/**
 * The durable entities of a broker as saved in the store (catalog.json): what a restart declares again
 * before any message is recovered. Queue ids tie the journal's records to queues and are never reused.
 */
export interface Catalog {
  readonly version: 1;
  readonly nextQueueId: number;
  readonly exchanges: ReadonlyArray<{ readonly name: string; readonly options: ExchangeOptions }>;
  readonly queues: ReadonlyArray<{
    readonly id: number;
    readonly name: string;
    readonly options: QueueOptions;
  }>;
  readonly bindings: readonly BindingOptions[];
  readonly subscriptions: readonly CatalogSubscription[];
}

/** A durable topic subscription: its queue (in `queues`) and what it was created with. */
export interface CatalogSubscription {
  readonly queue: string;
  readonly name: string;
  readonly containerId?: string;
  readonly kind: SubscriptionKind;
  readonly binding: SubscriptionBinding;
  /** The source terminus given back to an unsubscribe lookup, without its filters. */
  readonly source: unknown;
}

export const EMPTY_CATALOG: Catalog = {
  version: 1,
  nextQueueId: 1,
  exchanges: [],
  queues: [],
  bindings: [],
  subscriptions: [],
};

const PREDECLARED = new Set(PREDECLARED_EXCHANGES.map(([name]) => name));

/** The durable entities of `host` now; `idOf` gives each durable queue's id. */
export function catalogOf(host: VirtualHost, idOf: (queue: string) => number, nextQueueId: number): Catalog {
  const durableQueues = host.queueNames().filter((name) => host.queue(name)?.options.durable === true);
  const durable = new Set(durableQueues);
  const exchanges = host
    .exchangeNames()
    .filter((name) => !PREDECLARED.has(name) && host.exchange(name)?.options.durable === true);
  const exchangeSet = new Set([...exchanges, ...PREDECLARED]);
  return {
    version: 1,
    nextQueueId,
    exchanges: exchanges.map((name) => ({
      name,
      options: { ...host.exchange(name)?.options } as ExchangeOptions,
    })),
    queues: durableQueues.map((name) => ({
      id: idOf(name),
      name,
      options: { ...host.queue(name)?.options },
    })),
    bindings: [...exchangeSet].flatMap((name) =>
      (host.exchange(name)?.bindings() ?? [])
        .filter((binding) => durable.has(binding.queue.name))
        .map((binding) => ({
          exchange: name,
          queue: binding.queue.name,
          key: binding.key,
          arguments: { ...binding.args },
        })),
    ),
    subscriptions: host.subscriptions
      .all()
      .filter((subscription) => subscription.kind.durable && durable.has(subscription.queue.name))
      .map((subscription) => ({
        queue: subscription.queue.name,
        name: subscription.name,
        ...(subscription.containerId !== undefined && { containerId: subscription.containerId }),
        kind: subscription.kind,
        binding: subscription.binding,
        source: withoutFilter(subscription.source),
      })),
  };
}

/**
 * Declares a saved catalog's entities in `host`: exchanges, queues, bindings, subscriptions. Entities the
 * broker's config already declared keep the config's options.
 */
export function declareCatalog(host: VirtualHost, catalog: Catalog): void {
  for (const { name, options } of catalog.exchanges) {
    if (!host.exchange(name)) host.declareExchange(name, options);
  }
  const subscriptions = new Map(catalog.subscriptions.map((s) => [s.queue, s]));
  for (const { name, options } of catalog.queues) {
    if (host.queue(name)) continue;
    const selector = subscriptions.get(name)?.binding.selector;
    host.declareQueue(name, options, selector === undefined ? {} : { accepts: selecting(selector) });
  }
  for (const binding of catalog.bindings) {
    if (host.exchange(binding.exchange) && host.queue(binding.queue)) host.bind(binding);
  }
  for (const saved of catalog.subscriptions) {
    const queue = host.queue(saved.queue);
    if (!queue) continue;
    host.subscriptions.add({
      name: saved.name,
      containerId: saved.containerId,
      kind: saved.kind,
      binding: saved.binding,
      queue,
      source: saved.source,
      links: new Set(),
    });
  }
}

/**
 * The enqueue filter of a recovered subscription: its selector. No-local compared publishing connections,
 * and every connection of the last run is gone, so it lets everything through until the subscriber returns.
 */
function selecting(selector: string): (message: PublishedMessage) => boolean {
  const parsed = new MessageSelector(selector);
  return (message) => parsed.matches(message);
}

function withoutFilter(source: unknown): unknown {
  if (typeof source !== "object" || source === null) return source;
  const rest: Record<string, unknown> = { ...(source as Record<string, unknown>) };
  delete rest["filter"];
  return rest;
}

/**
 * Checks what the store gave back is a catalog this broker can read.
 * @throws Error naming what is wrong.
 */
export function parseCatalog(saved: unknown): Catalog {
  if (saved === undefined) return EMPTY_CATALOG;
  const catalog = saved as Partial<Catalog>;
  if (typeof saved !== "object" || saved === null || catalog.version !== 1) {
    throw new Error(`the store's catalog is not a version 1 jms-ts catalog`);
  }
  for (const key of ["exchanges", "queues", "bindings", "subscriptions"] as const) {
    if (!Array.isArray(catalog[key])) throw new Error(`the store's catalog has no ${key} list`);
  }
  if (typeof catalog.nextQueueId !== "number") throw new Error("the store's catalog has no nextQueueId");
  return catalog as Catalog;
}
