import type { EventContext, Session } from "rhea";
import { Condition } from "../transport/amqp-symbols";
import type { BrokerContext } from "./broker-context";
import type { Link } from "./link-registry";

/** A per-connection cap was reached; the session or link is refused with amqp:resource-limit-exceeded. */
export class LimitExceededError extends Error {
  override readonly name = "LimitExceededError";
  readonly condition = "resource-limit-exceeded";
}

/** Sessions counted in their connection's statistics (a refused one never is). */
const counted = new WeakSet<Session>();

/**
 * A client began a session [AMQP 2.5.1]. Past maxSessionsPerConnection the session is ended at once with
 * amqp:resource-limit-exceeded; the connection and its other sessions stay.
 */
export function onSessionOpen(broker: BrokerContext, context: EventContext): void {
  const stats = broker.connections.get(context.connection);
  const max = broker.limits.maxSessionsPerConnection;
  if (stats && max !== undefined && stats.sessions >= max) {
    context.session?.close({
      condition: Condition.resourceLimitExceeded,
      description: `at most ${max} sessions per connection (maxSessionsPerConnection)`,
    });
    return;
  }
  if (!stats || !context.session) return;
  stats.sessions++;
  counted.add(context.session);
}

export function onSessionClose(broker: BrokerContext, context: EventContext): void {
  const stats = broker.connections.get(context.connection);
  if (stats && context.session && counted.delete(context.session)) stats.sessions--;
}

/**
 * Counts a new link of its connection, refusing it past maxLinksPerConnection; the count drops when the
 * link goes, refused or not.
 * @throws LimitExceededError
 */
export function countLink(broker: BrokerContext, link: Link): void {
  const stats = broker.connections.get(link.connection);
  if (!stats) return;
  const max = broker.limits.maxLinksPerConnection;
  if (max !== undefined && stats.links >= max) {
    throw new LimitExceededError(`at most ${max} links per connection (maxLinksPerConnection)`);
  }
  stats.links++;
  broker.links.whenGone(link, () => stats.links--);
}
