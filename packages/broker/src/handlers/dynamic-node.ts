import type { NodeKind } from "../addressing/node-kind";
import type { Node } from "../routing/node";
import { Condition } from "../transport/amqp-symbols";
import type { BrokerContext } from "./broker-context";
import type { Link } from "./link-registry";

/**
 * Creates a dynamic node for an attach [AMQP 3.5.3 dynamic]: a queue, or for a temporary topic a fanout
 * exchange. It lives until the creating link detaches or its connection closes: delete-on-close
 * [AMQP 3.5.10], the lifetime Qpid JMS asks for its temporary queues and topics; other lifetime policies
 * get the same.
 */
export function createDynamicNode(broker: BrokerContext, creator: Link, kind: NodeKind): Node {
  const node = broker.resolver.createDynamic(kind);
  broker.links.trackNode(node);
  broker.links.whenGone(creator, () => deleteDynamicNode(broker, node, creator));
  broker.logger.info(`created temporary ${kind} "${node.name}"`);
  return node;
}

/**
 * Deletes the node and detaches the other links still using it (consumers or producers on other
 * connections) with amqp:resource-deleted; links of the creator's own connection are closing already.
 */
function deleteDynamicNode(broker: BrokerContext, node: Node, creator: Link): void {
  const what = node.kind === "queue" ? "queue" : "topic";
  for (const link of broker.links.untrackNode(node)) {
    broker.links.gone(link);
    if (link.connection === creator.connection || !link.is_remote_open()) continue;
    link.close({
      condition: Condition.resourceDeleted,
      description: `temporary ${what} "${node.name}" was deleted: its creator closed`,
    });
  }
  if (node.kind === "queue") broker.host.deleteQueue(node.name);
  else broker.host.deleteExchange(node.name);
  broker.logger.info(`deleted temporary ${what} "${node.name}"`);
}
