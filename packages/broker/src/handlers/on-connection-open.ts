import type { EventContext } from "rhea";
import type { BrokerContext } from "./broker-context";

/** A client finished the AMQP open handshake [AMQP 2.4.1]. */
export function onConnectionOpen(broker: BrokerContext, context: EventContext): void {
  broker.logger.info(`connection opened by container "${context.connection.container_id}"`);
}
