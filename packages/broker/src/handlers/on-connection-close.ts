import type { Connection, EventContext, Sender } from "rhea";
import type { BrokerContext } from "./broker-context";

/**
 * The connection closed or its socket dropped: every consumer on it detaches, so unsettled messages go
 * back to their queues for other consumers [AMQP 2.4.2].
 */
export function onConnectionGone(broker: BrokerContext, context: EventContext): void {
  const connection: Connection = context.connection;
  broker.logger.info(`connection of container "${connection.container_id}" closed`);
  connection.each_link((link: Sender) => {
    const consumer = broker.consumers.get(link);
    if (!consumer) return;
    consumer.detach();
    broker.consumers.delete(link);
  });
}
