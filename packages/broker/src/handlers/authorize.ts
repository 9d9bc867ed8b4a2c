import type { Connection } from "rhea";
import { AddressError, type CreationGuard } from "../addressing/address-resolver";
import type { AccessNode } from "../security/access-control";
import type { Permission } from "../security/permission";
import type { BrokerContext } from "./broker-context";

/**
 * Refuses what the connection's user may not do [access control at attach].
 * @throws AddressError unauthorized-access, which refuses the link (or rejects a relayed message).
 */
export function authorize(
  broker: BrokerContext,
  connection: Connection,
  permission: Permission,
  node: AccessNode,
): void {
  const user = broker.connections.get(connection)?.user;
  if (broker.access.allows(user, permission, node)) return;
  throw new AddressError("unauthorized-access", broker.access.describeRefusal(user, permission, node));
}

/** Creating a node on attach (an auto-creation policy) needs the `manage` permission on it. */
export function creationGuard(broker: BrokerContext, connection: Connection): CreationGuard {
  return (node) => authorize(broker, connection, "manage", node);
}
