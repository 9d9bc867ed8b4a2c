/**
 * What kind of topic subscription a receiving link asks for: durable when its source has a durability
 * other than none or expiry-policy never [AMQP 3.5.3]; shared with the source capability `shared`, and not
 * scoped by container-id with `global` [qpid-jms 2.7].
 */
export interface SubscriptionKind {
  readonly durable: boolean;
  readonly shared: boolean;
  readonly global: boolean;
}

/** Stands in for the container-id in the queue name of a global subscription (Broker-J's). */
export const GLOBAL_SCOPE = "_global_";

/**
 * The subscription name a link names: the whole link name, or for a shared subscription the part before
 * the first `|`: Qpid JMS names its shared links `name`, `name|2`, `name|volatile1`, `name|global`,
 * `name|global2`, `name|global-volatile1` [qpid-jms 2.7].
 */
export function subscriptionNameOf(linkName: string, shared: boolean): string {
  const separator = shared ? linkName.indexOf("|") : -1;
  return separator > 0 ? linkName.slice(0, separator) : linkName;
}

/**
 * The queue that holds a durable or shared subscription, named as Qpid Broker-J names it:
 * `qpidsub_/<container-id>_/<subscription name>_/durable` (or `nondurable`), with `_global_` for the
 * container-id of a global one. Both names are escaped, so the parts cannot run into each other.
 */
export function subscriptionQueueName(
  containerId: string,
  subscriptionName: string,
  kind: SubscriptionKind,
): string {
  const scope = kind.global ? GLOBAL_SCOPE : escapeName(containerId);
  return `qpidsub_/${scope}_/${escapeName(subscriptionName)}_/${kind.durable ? "durable" : "nondurable"}`;
}

const ESCAPES: ReadonlyArray<[string, string]> = [
  ["_", "__"],
  [".", "_:"],
  ["(", "_O"],
  [")", "_C"],
  ["<", "_L"],
  [">", "_R"],
];

/** Broker-J's escaping of a name part: `_` doubles, and `.`, `(`, `)`, `<`, `>` become `_` and a letter. */
export function escapeName(name: string): string {
  let escaped = name;
  for (const [from, to] of ESCAPES) escaped = escaped.replaceAll(from, to);
  return escaped;
}
