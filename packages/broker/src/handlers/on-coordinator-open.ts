import type { CoordinatorTerminus } from "@jms-ts/rhea-patches";
import type { Connection, EventContext, Receiver } from "rhea";
import { AddressError } from "../addressing/address-resolver";
import { TransactionRegistry } from "../transactions/transaction-registry";
import { TransactionCode } from "../transport/amqp-symbols";
import type { BrokerContext } from "./broker-context";
import { countLink } from "./on-session-open";
import { refuseLink } from "./refuse-link";
import { capabilityList } from "./terminus";

/** Control messages a coordinator link may have outstanding; topped up as they are answered. */
export const COORDINATOR_CREDIT = 100;

const registries = new WeakMap<Connection, TransactionRegistry>();
const coordinators = new WeakSet<Receiver>();

/** The live transactions of a connection [AMQP 4.3: a transaction is scoped to its connection here]. */
export function transactionsOf(connection: Connection): TransactionRegistry {
  let registry = registries.get(connection);
  if (!registry) registries.set(connection, (registry = new TransactionRegistry()));
  return registry;
}

/** Whether the link is a transaction coordinator (its transfers are declares and discharges). */
export function isCoordinatorLink(receiver: Receiver): boolean {
  return coordinators.has(receiver);
}

/**
 * A client attached a link to the transaction coordinator [AMQP 4.2, 4.5.1]. Only local transactions
 * are offered; a coordinator asking for other capabilities (distributed transactions) is refused.
 * When the link goes (detach, connection close or drop), the transactions it declared roll back.
 */
export function onCoordinatorOpen(broker: BrokerContext, context: EventContext): void {
  const receiver = context.receiver as Receiver;
  const target = receiver.target as unknown as CoordinatorTerminus;
  try {
    countLink(broker, receiver);
    const asked = capabilityList(target.capabilities);
    if (asked.length > 0 && !asked.includes(TransactionCode.localTransactions)) {
      throw new AddressError(
        "not-implemented",
        `this broker's coordinator offers ${TransactionCode.localTransactions} only; asked for ${asked.join(", ")}`,
      );
    }
  } catch (error) {
    refuseLink(receiver, error);
    return;
  }
  // rhea's set_target would rebuild the reply as a plain target (0x29); the coordinator is echoed.
  (receiver as unknown as { local: { attach: Record<string, unknown> } }).local.attach["target"] =
    target.described();
  coordinators.add(receiver);
  const connection = context.connection;
  broker.links.whenGone(receiver, () => transactionsOf(connection).rollbackAll(receiver));
  receiver.add_credit(COORDINATOR_CREDIT);
}
