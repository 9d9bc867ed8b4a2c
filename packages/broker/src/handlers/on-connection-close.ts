import type { Connection, EventContext, Receiver, Sender } from "rhea";
import type { BrokerContext } from "./broker-context";

/**
 * The connection closed or its socket dropped: every link on it goes, so unsettled messages go back to
 * their queues for other consumers [AMQP 2.4.2] and its dynamic nodes are deleted.
 */
export function onConnectionGone(broker: BrokerContext, context: EventContext): void {
  const connection: Connection = context.connection;
  if (!broker.connections.delete(connection)) return;
  broker.logger.info(`connection of container "${connection.container_id}" closed`);
  connection.each_link((link: Sender | Receiver) => broker.links.gone(link));
}
