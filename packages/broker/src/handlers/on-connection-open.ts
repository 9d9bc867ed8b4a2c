import type { Connection, EventContext } from "rhea";
import { userOf } from "../security/connection-user";
import { Condition } from "../transport/amqp-symbols";
import type { BrokerContext } from "./broker-context";

/**
 * A client finished the AMQP open handshake [AMQP 2.4.1]: it is counted, or refused with
 * amqp:resource-limit-exceeded when the broker already serves maxConnections.
 */
export function onConnectionOpen(broker: BrokerContext, context: EventContext): void {
  const connection: Connection = context.connection;
  // A connection the SASL layer refused (no authentication) is being closed already.
  if (!connection.is_open()) return;
  const max = broker.limits.maxConnections;
  if (max !== undefined && broker.connections.size >= max) {
    broker.logger.warn(
      `refused a connection from "${connection.container_id}": maxConnections ${max} reached`,
    );
    connection.close({
      condition: Condition.resourceLimitExceeded,
      description: `the broker serves at most ${max} connections (maxConnections)`,
    });
    return;
  }
  broker.connections.set(connection, {
    containerId: connection.container_id,
    user: userOf(connection),
    remoteAddress: remoteAddressOf(connection),
    connectedAt: broker.clock.now(),
    sessions: 0,
    links: 0,
    messagesIn: 0,
    messagesOut: 0,
  });
  broker.logger.info(`connection opened by container "${connection.container_id}"`);
}

function remoteAddressOf(connection: Connection): string {
  const socket = (connection as unknown as { socket?: { remoteAddress?: string; remotePort?: number } })
    .socket;
  return socket?.remoteAddress === undefined ? "unknown" : `${socket.remoteAddress}:${socket.remotePort}`;
}
