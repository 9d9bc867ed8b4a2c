import { isCoordinatorTerminus } from "@jms-ts/rhea-patches";
import type { EventContext, Receiver } from "rhea";
import { AddressError } from "../addressing/address-resolver";
import { nodeKindOf } from "../addressing/node-kind";
import { unroutablePolicyOf, withUnroutablePolicy } from "../addressing/unroutable-policy";
import type { PublishTarget } from "../routing/publish";
import { ProducerLink, type ProducerRoute } from "../transport/producer-link";
import { authorize, creationGuard } from "./authorize";
import type { BrokerContext } from "./broker-context";
import { createDynamicNode } from "./dynamic-node";
import { onCoordinatorOpen } from "./on-coordinator-open";
import { countLink } from "./on-session-open";
import { refuseLink } from "./refuse-link";
import { capabilityList, type TerminusFields, terminusOf } from "./terminus";

/**
 * A client attached a sending link: a producer into the queue or exchange its target names, a new
 * dynamic node (Qpid JMS creates temporary destinations this way), or, with a target that has no address,
 * the anonymous relay that routes each message by its `to` [AMQP 3.5.4]. See docs/broker/addressing.md.
 */
export function onReceiverOpen(broker: BrokerContext, context: EventContext): void {
  const receiver = context.receiver as Receiver;
  if (isCoordinatorTerminus(receiver.target)) return onCoordinatorOpen(broker, context);
  let route: ProducerRoute;
  let reply: TerminusFields;
  try {
    countLink(broker, receiver);
    ({ route, reply } = resolveProducer(broker, context, receiver));
  } catch (error) {
    refuseLink(receiver, error);
    return;
  }
  if (route !== "relay") broker.links.attached(receiver, "queue" in route ? route.queue : route.exchange);
  receiver.set_target(reply as never);
  // rhea has no setter for the attach's max-message-size; its attach reply is built from these fields.
  (receiver as unknown as { local: { attach: Record<string, unknown> } }).local.attach["max_message_size"] =
    broker.maxMessageSize;
  const producer = new ProducerLink(receiver, route);
  broker.producers.set(receiver, producer);
  broker.links.whenGone(receiver, () => {
    producer.close();
    broker.producers.delete(receiver);
  });
  producer.start();
}

function resolveProducer(
  broker: BrokerContext,
  context: EventContext,
  receiver: Receiver,
): { route: ProducerRoute; reply: TerminusFields } {
  const target = terminusOf(receiver.target);
  if (!target) {
    throw new AddressError(
      "invalid-field",
      "a sending link needs a target with an address, or one with no address for the anonymous relay",
    );
  }
  const capabilities = capabilityList(target.capabilities);
  const kind = nodeKindOf(capabilities);
  if (target.dynamic) {
    const node = createDynamicNode(broker, receiver, kind ?? "queue");
    const route: PublishTarget =
      node.kind === "queue" ? { queue: node } : { exchange: node, unroutable: "discard" };
    const reply = {
      address: node.name,
      dynamic: true,
      dynamic_node_properties: target.dynamic_node_properties,
      capabilities,
    };
    return { route, reply };
  }
  if (target.address === undefined || target.address === null || target.address === "") {
    return { route: "relay", reply: { capabilities } };
  }
  const route = withUnroutablePolicy(
    broker.resolver.resolveTarget(target.address, kind, creationGuard(broker, context.connection)),
    unroutablePolicyOf(capabilities, kind),
  );
  authorize(broker, context.connection, "send", accessNodeOf(route));
  return { route, reply: { address: target.address, capabilities } };
}

/** The node a publish target names, for access control. */
export function accessNodeOf(target: PublishTarget): { kind: "queue" | "exchange"; name: string } {
  return "queue" in target
    ? { kind: "queue", name: target.queue.name }
    : { kind: "exchange", name: target.exchange.name };
}
