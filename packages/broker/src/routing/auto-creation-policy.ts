import type { QueueOptions } from "../queues/queue-options";
import type { ExchangeType } from "./exchange-options";

/**
 * Which unknown addresses a link attach may create, and as what (Broker-J's nodeAutoCreationPolicies). The
 * first policy whose pattern matches the whole name and that allows this direction wins; with none, the
 * attach is refused with amqp:not-found.
 */
export interface AutoCreationPolicy {
  /** Regular expression over the whole address. */
  pattern: string;
  nodeType: "queue" | "exchange";
  /** For `exchange` nodes. Default `topic`. */
  exchangeType?: ExchangeType;
  /** May a producer's attach create it. Default true. */
  createdOnPublish?: boolean;
  /** May a consumer's attach create it. Default true. */
  createdOnConsume?: boolean;
  /** Options of created queues. */
  queueOptions?: QueueOptions;
}

/**
 * Without configured policies: any name becomes a durable queue (as Broker-J and Artemis create them), so
 * with a data directory its persistent messages survive a restart.
 */
export const DEFAULT_AUTO_CREATION_POLICIES: readonly AutoCreationPolicy[] = [
  { pattern: ".*", nodeType: "queue", queueOptions: { durable: true } },
];
