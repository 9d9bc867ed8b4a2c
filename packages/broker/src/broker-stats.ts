import type { Queue } from "./queues/queue";
import type { QueueCounters } from "./queues/queue";
import type { QueueOptions } from "./queues/queue-options";
import type { Exchange, ExchangeCounters } from "./routing/exchange";
import type { BindingArgument, ExchangeType } from "./routing/exchange-options";

/** A snapshot of one queue, for tests, tools and monitoring. */
export interface QueueStats extends QueueCounters {
  name: string;
  /** The options the queue was declared with (defaults filled in). */
  options: QueueOptions;
}

/** A snapshot of one exchange. */
export interface ExchangeStats extends ExchangeCounters {
  name: string;
  type: ExchangeType;
  durable: boolean;
}

/** One binding, as the admin API lists it. */
export interface BindingInfo {
  exchange: string;
  queue: string;
  key: string;
  arguments: Record<string, BindingArgument>;
}

export function queueStatsOf(queue: Queue): QueueStats {
  return { name: queue.name, options: { ...queue.options }, ...queue.stats() };
}

export function exchangeStatsOf(exchange: Exchange): ExchangeStats {
  return {
    name: exchange.name,
    type: exchange.type,
    durable: exchange.options.durable === true,
    ...exchange.counters(),
  };
}

export function bindingsOf(exchange: Exchange): BindingInfo[] {
  return exchange.bindings().map((binding) => ({
    exchange: exchange.name,
    queue: binding.queue.name,
    key: binding.key,
    arguments: { ...binding.args },
  }));
}
