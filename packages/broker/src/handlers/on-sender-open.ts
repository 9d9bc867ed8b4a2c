import type { EventContext, Sender } from "rhea";
import { nodeKindOf } from "../addressing/node-kind";
import type { Queue } from "../queues/queue";
import type { Topic } from "../routing/topic";
import { DistributionMode } from "../transport/amqp-symbols";
import { LinkConsumer } from "../transport/link-consumer";
import type { BrokerContext } from "./broker-context";
import { createDynamicNode } from "./dynamic-node";
import { noLocalEntry } from "./no-local-filter";
import { refuseLink } from "./refuse-link";
import { capabilityList, type TerminusFields, terminusOf } from "./terminus";

/**
 * A client attached a receiving link: a consumer on the queue its source names, a browser when it asks
 * for distribution-mode copy, a private subscription when the source is a topic, or a new dynamic node
 * [AMQP 3.5.3]. See docs/broker/addressing.md.
 */
export function onSenderOpen(broker: BrokerContext, context: EventContext): void {
  const sender = context.sender as Sender;
  let attached: { consumer: LinkConsumer; reply: TerminusFields };
  try {
    attached = attachConsumer(broker, context, sender);
  } catch (error) {
    refuseLink(sender, error);
    return;
  }
  const { consumer, reply } = attached;
  // Echo the source, so the client knows the node exists [AMQP 2.6.3], and honour the settle mode it
  // asked for: a pre-settled receiver (browser, NO_ACK) gets at-most-once deliveries [AMQP 2.7.3].
  sender.set_source(reply as never);
  (sender as unknown as { local: { attach: { snd_settle_mode?: number } } }).local.attach.snd_settle_mode =
    sender.snd_settle_mode === 1 ? 1 : 0;
  broker.consumers.set(sender, consumer);
  broker.links.whenGone(sender, () => {
    consumer.detach();
    broker.consumers.delete(sender);
  });
  consumer.activateAfterAttach();
}

/** Resolves the source to a node and builds the consumer and the source to reply with. */
function attachConsumer(
  broker: BrokerContext,
  context: EventContext,
  sender: Sender,
): { consumer: LinkConsumer; reply: TerminusFields } {
  const source: TerminusFields = terminusOf(sender.source) ?? {};
  const capabilities = capabilityList(source.capabilities);
  const kind = nodeKindOf(capabilities);
  const node = source.dynamic
    ? createDynamicNode(broker, sender, kind ?? "queue")
    : broker.resolver.resolve(source.address, kind);
  broker.links.attached(sender, node);
  const reply: TerminusFields = source.dynamic
    ? {
        address: node.name,
        dynamic: true,
        dynamic_node_properties: source.dynamic_node_properties,
        capabilities,
      }
    : { address: source.address, capabilities };
  const id = `${context.connection.container_id}/${sender.name}`;
  if (node.kind === "topic") {
    const queue = subscribe(broker, context, sender, node, source, reply);
    return { consumer: new LinkConsumer(id, sender, queue), reply };
  }
  const mode =
    source.distribution_mode === DistributionMode.copy ? DistributionMode.copy : DistributionMode.move;
  if (mode === DistributionMode.copy) reply.distribution_mode = mode;
  return { consumer: new LinkConsumer(id, sender, node, mode), reply };
}

/**
 * A private subscription for this link, ended with it. Of the source filters only no-local applies; only
 * filters the broker applies go back in the reply, so the client can tell [AMQP 3.5.3].
 */
function subscribe(
  broker: BrokerContext,
  context: EventContext,
  sender: Sender,
  topic: Topic,
  source: TerminusFields,
  reply: TerminusFields,
): Queue {
  const noLocal = noLocalEntry(source.filter);
  if (noLocal) reply.filter = Object.fromEntries([noLocal]);
  const subscription = topic.subscribe({
    id: `${context.connection.container_id}/${sender.name}`,
    subscriber: context.connection,
    noLocal: noLocal !== undefined,
  });
  broker.links.whenGone(sender, () => topic.unsubscribe(subscription));
  return subscription.queue;
}
