import { IllegalStateException } from "../errors/exceptions";
import { jmsCall } from "../errors/to-jms-exception";
import type { ConsumerInfo } from "../provider/provider";
import { checkTopic } from "./destination-checks";
import type { Topic } from "./destinations";
import type { MessageConsumer } from "./message-consumer";
import { checkSubscriptionName, type SubscriptionTracker } from "./subscription-tracker";

/** The consumer fields a subscription adds to a plain consumer's. */
export type ConsumerExtras = Pick<ConsumerInfo, "selector" | "noLocal" | "subscription" | "prefetch">;

/** What the subscription methods need from their session. */
export interface SubscriptionSession {
  /** @throws IllegalStateException if the session is closed. */
  checkOpen(action: string): void;
  /** The connection's tracker. */
  readonly tracker: SubscriptionTracker;
  /** Whether the ClientID was set by the application (setClientID or jms.clientID), not generated. */
  hasExplicitClientID(): boolean;
  /** The selector to send, undefined for none. @throws InvalidSelectorException */
  selectorOf(messageSelector: string | null | undefined): string | undefined;
  /** jms.prefetchPolicy for a durable (durableTopicPrefetch) or non-durable (topicPrefetch) subscriber. */
  prefetchFor(durable: boolean): number;
  nextConsumerId(): string;
  /** Attaches and registers the consumer with id `id`, as createConsumer does. */
  openConsumer(topic: Topic, id: string, extras: ConsumerExtras): Promise<MessageConsumer>;
  /** Deletes the subscription at the broker. */
  unsubscribe(name: string, global: boolean): Promise<void>;
}

/** Which JMS 2.0 method: the four kinds of named subscription [JMS 2.0 8.3]. */
export interface SubscriptionKind {
  readonly durable: boolean;
  readonly shared: boolean;
}

/**
 * Opens a consumer on a named subscription [JMS 2.0 8.3]: checks what JMS asks of the connection (an
 * unshared durable subscription needs a ClientID [JMS 2.0 6.1.2]; the tracker's per-connection rules),
 * then attaches the link whose name and source the broker keys the subscription on [qpid-jms 2.7].
 * @throws IllegalStateException without a ClientID for an unshared durable subscription, or when the
 *   subscription is in use in a way JMS forbids (also when the broker says so: amqp:resource-locked).
 * @throws InvalidDestinationException unless `topic` is a Topic; InvalidSelectorException for a bad selector.
 */
export async function openSubscription(
  session: SubscriptionSession,
  kind: SubscriptionKind,
  topic: Topic,
  name: string,
  messageSelector: string | null | undefined,
  noLocal: boolean,
): Promise<MessageConsumer> {
  const what = methodName(kind);
  session.checkOpen(`call ${what}`);
  checkTopic(topic, what);
  checkSubscriptionName(name);
  const selector = session.selectorOf(messageSelector);
  const explicitClientId = session.hasExplicitClientID();
  if (!kind.shared && !explicitClientId) {
    throw new IllegalStateException(
      `durable subscription "${name}" needs a ClientID: an unshared durable subscription belongs to one client. ` +
        `Set it with connection.setClientID() or jms.clientID in the URI, or use createSharedDurableConsumer [JMS 2.0 6.1.2]`,
    );
  }
  const id = session.nextConsumerId();
  const ordinal = session.tracker.reserve(id, {
    name,
    durable: kind.durable,
    shared: kind.shared,
    address: topic.address,
    selector,
  });
  try {
    return await session.openConsumer(topic, id, {
      prefetch: session.prefetchFor(kind.durable),
      ...(selector === undefined ? {} : { selector }),
      ...(noLocal ? { noLocal } : {}),
      subscription: { name, ...kind, global: kind.shared && !explicitClientId, ordinal },
    });
  } catch (error) {
    session.tracker.release(id);
    throw error;
  }
}

/**
 * Deletes the durable subscription `name` of this client (or the global one when no ClientID was set)
 * [JMS 2.0 8.3.2]; messages kept for it are gone.
 * @throws IllegalStateException while a consumer of this connection uses it, or (from the broker) another
 *   connection's does; InvalidDestinationException when there is no such subscription.
 */
export async function unsubscribe(session: SubscriptionSession, name: string): Promise<void> {
  session.checkOpen("unsubscribe");
  checkSubscriptionName(name);
  if (session.tracker.isDurableActive(name)) {
    throw new IllegalStateException(
      `cannot unsubscribe "${name}": a consumer of this connection still uses it; close it first [JMS 2.0 8.3.2]`,
    );
  }
  await jmsCall(() => session.unsubscribe(name, !session.hasExplicitClientID()));
}

function methodName(kind: SubscriptionKind): string {
  if (kind.shared) return kind.durable ? "createSharedDurableConsumer" : "createSharedConsumer";
  return "createDurableConsumer";
}
