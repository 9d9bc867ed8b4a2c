import type { Queue } from "../queues/queue";
import type { Exchange } from "./exchange";
import type { PublishedMessage } from "./published-message";

/**
 * What becomes of a message no binding matches (after alternate exchanges): `release` it to the sender
 * (the default), `discard` it as accepted (JMS topics: publishing with no subscriber succeeds [JMS 2.0 6.11];
 * Broker-J's DISCARD_UNROUTABLE), or `reject` it with amqp:not-found (Broker-J's REJECT_UNROUTABLE).
 */
export type UnroutablePolicy = "release" | "discard" | "reject";

/** Where a producer's message goes: one queue, or an exchange with the link's fixed routing key if any. */
export type PublishTarget =
  | { readonly queue: Queue }
  | { readonly exchange: Exchange; readonly key?: string; readonly unroutable?: UnroutablePolicy };

/**
 * What became of a published message [AMQP 3.4]: stored in these queues (accepted; none when every queue
 * filtered it out or it was discarded as unroutable), released because nothing was bound to take it, or
 * rejected by a full queue (resource-limit-exceeded) or as unroutable (not-found).
 */
export type PublishResult =
  | { readonly outcome: "accepted"; readonly queues: readonly Queue[] }
  | { readonly outcome: "released"; readonly description: string }
  | {
      readonly outcome: "rejected";
      readonly condition: "resource-limit-exceeded" | "not-found";
      readonly description: string;
    };

/**
 * Publishes a message. A message no binding matches goes to the exchange's alternate exchange (and its
 * alternate, each exchange once), else the target's unroutable policy applies. A queue at its limit with the
 * reject-publish policy refuses the message for all: it is stored in every queue it reaches, or in none.
 */
export function publishTo(
  target: PublishTarget,
  message: PublishedMessage,
  exchangeNamed: (name: string) => Exchange | undefined,
): PublishResult {
  const queues = queuesFor(target, message, exchangeNamed);
  if (typeof queues === "string") return unroutable(target, queues);
  for (const queue of queues) {
    const refusal = queue.refusal(message);
    if (refusal !== undefined) {
      return { outcome: "rejected", condition: "resource-limit-exceeded", description: refusal };
    }
  }
  const stored = queues.filter((queue) => queue.enqueue(message) === "stored");
  return { outcome: "accepted", queues: stored };
}

function unroutable(target: PublishTarget, description: string): PublishResult {
  switch ("exchange" in target ? target.unroutable : undefined) {
    case "discard":
      return { outcome: "accepted", queues: [] };
    case "reject":
      return { outcome: "rejected", condition: "not-found", description };
    default:
      return { outcome: "released", description };
  }
}

/**
 * The queues a message sent to `target` goes to (a queue itself, or those its exchange, else the exchange's
 * alternates, routes to), without storing it; or why there are none. Transactions route at send time with it.
 */
export function queuesFor(
  target: PublishTarget,
  message: PublishedMessage,
  exchangeNamed: (name: string) => Exchange | undefined,
): Queue[] | string {
  if ("queue" in target) return [target.queue];
  const key = target.key ?? routingKeyOf(message, target.exchange.name);
  const visited = new Set<Exchange>();
  let exchange: Exchange | undefined = target.exchange;
  while (exchange && !visited.has(exchange)) {
    visited.add(exchange);
    const queues = exchange.route(message, key);
    if (queues.size > 0) return [...queues];
    const alternate: string | undefined = exchange.options.alternateExchange;
    exchange = alternate === undefined ? undefined : exchangeNamed(alternate);
  }
  return `no binding of exchange "${target.exchange.name}" matches routing key "${key}"`;
}

/**
 * The routing key of a message sent to an exchange without a fixed key (Broker-J's rule): the `routing-key`
 * annotation or property, else the subject, else the `to` with a leading `<exchange>/` removed.
 */
export function routingKeyOf(message: PublishedMessage, exchangeName: string): string {
  if (message.routingKey !== undefined) return message.routingKey;
  if (message.subject !== undefined) return message.subject;
  const to = message.to;
  if (to === undefined || to === exchangeName) return "";
  return to.startsWith(`${exchangeName}/`) ? to.slice(exchangeName.length + 1) : to;
}
