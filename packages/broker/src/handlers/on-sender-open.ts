import type { EventContext, Sender } from "rhea";
import type { SourceNode } from "../addressing/address-resolver";
import type { AccessNode } from "../security/access-control";
import { nodeKindOf } from "../addressing/node-kind";
import { DistributionMode } from "../transport/amqp-symbols";
import { LinkConsumer } from "../transport/link-consumer";
import type { QueuedMessage } from "../queues/queued-message";
import { authorize, creationGuard } from "./authorize";
import type { BrokerContext } from "./broker-context";
import { createDynamicNode } from "./dynamic-node";
import { countLink } from "./on-session-open";
import { holdPendingTransactionalAcks } from "./on-transactional-work";
import { refuseLink } from "./refuse-link";
import { selectorEntry } from "./source-filters";
import { lookupSubscription, subscribe } from "./subscription-source";
import { capabilityList, type TerminusFields, terminusOf } from "./terminus";

/**
 * A client attached a receiving link: a consumer on the queue its source names, a browser when it asks
 * for distribution-mode copy, a subscription queue when the source is an exchange (a JMS topic), or a new
 * dynamic node [AMQP 3.5.3]; with no source, the lookup of a durable subscription to unsubscribe
 * [qpid-jms 2.7]. See docs/broker/addressing.md.
 */
export function onSenderOpen(broker: BrokerContext, context: EventContext): void {
  const sender = context.sender as Sender;
  let attached: { consumer: LinkConsumer | undefined; reply: TerminusFields };
  try {
    countLink(broker, sender);
    attached = attachConsumer(broker, context, sender);
  } catch (error) {
    refuseLink(sender, error);
    return;
  }
  const { consumer, reply } = attached;
  if (!consumer) {
    sender.set_source(reply as never);
    return;
  }
  // Echo the source, so the client knows the node exists [AMQP 2.6.3], and honour the settle mode it
  // asked for: a pre-settled receiver (browser, NO_ACK) gets at-most-once deliveries [AMQP 2.7.3].
  sender.set_source(reply as never);
  (sender as unknown as { local: { attach: { snd_settle_mode?: number } } }).local.attach.snd_settle_mode =
    sender.snd_settle_mode === 1 ? 1 : 0;
  broker.consumers.set(sender, consumer);
  broker.links.whenGone(sender, () => {
    holdPendingTransactionalAcks(broker, sender.connection, consumer);
    consumer.detach();
    broker.consumers.delete(sender);
  });
}

/** Resolves the source to a node, joins it and builds the source to reply with. */
function attachConsumer(
  broker: BrokerContext,
  context: EventContext,
  sender: Sender,
): { consumer: LinkConsumer | undefined; reply: TerminusFields } {
  const source = terminusOf(sender.source);
  if (!source) return { consumer: undefined, reply: lookupSubscription(broker, context.connection, sender) };
  const capabilities = capabilityList(source.capabilities);
  const kind = nodeKindOf(capabilities);
  let node: SourceNode;
  let reply: TerminusFields;
  if (source.dynamic) {
    const created = createDynamicNode(broker, sender, kind ?? "queue");
    node = created.kind === "queue" ? { queue: created } : { exchange: created, key: "" };
    reply = {
      address: created.name,
      dynamic: true,
      dynamic_node_properties: source.dynamic_node_properties,
      capabilities,
    };
  } else {
    node = broker.resolver.resolveSource(source.address, kind, creationGuard(broker, context.connection));
    reply = { address: source.address, capabilities };
  }
  broker.links.attached(sender, "queue" in node ? node.queue : node.exchange);
  const id = `${context.connection.container_id}/${sender.name}`;
  const stats = broker.connections.get(context.connection);
  const counted = () => {
    if (stats) stats.messagesOut++;
  };
  const browse = source.distribution_mode === DistributionMode.copy && "queue" in node;
  // A dynamic node belongs to the link that created it; anything else is subject to the access rules.
  if (!source.dynamic) {
    const target: AccessNode =
      "queue" in node
        ? { kind: "queue", name: node.queue.name }
        : { kind: "exchange", name: node.exchange.name };
    authorize(broker, context.connection, browse ? "browse" : "consume", target);
  }
  if ("exchange" in node) {
    const queue = subscribe(broker, context.connection, sender, node.exchange, node.key, source, reply);
    const consumer = new LinkConsumer(id, sender, queue, DistributionMode.move, counted);
    consumer.join();
    return { consumer, reply };
  }
  if (browse) reply.distribution_mode = DistributionMode.copy;
  const mode = browse ? DistributionMode.copy : DistributionMode.move;
  // A queue consumer's selector picks from the shared queue, per consumer [JMS 2.0 3.8]; echoed as applied.
  const selector = selectorEntry(source.filter);
  if (selector) reply.filter = Object.fromEntries([selector.entry]);
  const accepts = selector
    ? (queued: QueuedMessage) => selector.selector.matches(queued.message, queued.deliveryCount)
    : undefined;
  const consumer = new LinkConsumer(id, sender, node.queue, mode, counted, accepts);
  consumer.join();
  return { consumer, reply };
}
