import type { EventContext, Receiver } from "rhea";
import { AddressError } from "../addressing/address-resolver";
import { nodeKindOf } from "../addressing/node-kind";
import type { BrokerContext, ProducerRoute } from "./broker-context";
import { createDynamicNode } from "./dynamic-node";
import { refuseLink } from "./refuse-link";
import { capabilityList, type TerminusFields, terminusOf } from "./terminus";

/**
 * A client attached a sending link: a producer into the node its target names, a new dynamic node
 * (Qpid JMS creates temporary destinations this way), or, with a target that has no address, the
 * anonymous relay that routes each message by its `to` [AMQP 3.5.4]. See docs/broker/addressing.md.
 */
export function onReceiverOpen(broker: BrokerContext, context: EventContext): void {
  const receiver = context.receiver as Receiver;
  const target = terminusOf(receiver.target);
  let route: ProducerRoute;
  let reply: TerminusFields;
  try {
    if (!target) {
      throw new AddressError(
        "invalid-field",
        "a sending link needs a target with an address, or one with no address for the anonymous relay (transaction coordinators come with issue 6)",
      );
    }
    const capabilities = capabilityList(target.capabilities);
    const kind = nodeKindOf(capabilities);
    if (target.dynamic) {
      route = createDynamicNode(broker, receiver, kind ?? "queue");
      reply = {
        address: route.name,
        dynamic: true,
        dynamic_node_properties: target.dynamic_node_properties,
        capabilities,
      };
    } else if (target.address === undefined || target.address === null || target.address === "") {
      route = "relay";
      reply = { capabilities };
    } else {
      route = broker.resolver.resolve(target.address, kind);
      reply = { address: target.address, capabilities };
    }
  } catch (error) {
    refuseLink(receiver, error);
    return;
  }
  if (route !== "relay") broker.links.attached(receiver, route);
  receiver.set_target(reply as never);
  // rhea has no setter for the attach's max-message-size; its attach reply is built from these fields.
  (receiver as unknown as { local: { attach: Record<string, unknown> } }).local.attach["max_message_size"] =
    broker.maxMessageSize;
  broker.producers.set(receiver, route);
  broker.links.whenGone(receiver, () => broker.producers.delete(receiver));
}
