import type { Delivery, EventContext, Sender } from "rhea";
import { remoteOutcome } from "../transport/delivery-outcome";
import type { BrokerContext } from "./broker-context";

/** A consumer settled or updated a delivery [AMQP 2.7.6, 3.4]. */
export function onOutcome(broker: BrokerContext, context: EventContext): void {
  const delivery = context.delivery as Delivery;
  const outcome = remoteOutcome(delivery);
  if (outcome) broker.consumers.get(delivery.link as Sender)?.settle(delivery, outcome);
}
