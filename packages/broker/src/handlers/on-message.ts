import { rawBytesOf } from "@jms-ts/rhea-patches";
import type { Delivery, EventContext, Receiver } from "rhea";
import { Condition } from "../transport/amqp-symbols";
import type { BrokerContext } from "./broker-context";

/** A transfer completed: store the message as sent and accept it [AMQP 2.6.12, 3.4.2]. */
export function onMessage(broker: BrokerContext, context: EventContext): void {
  const delivery = context.delivery as Delivery;
  const queue = broker.producers.get(context.receiver as Receiver);
  const bytes = rawBytesOf(context.message);
  if (!queue || !bytes) {
    // Not a format-0 AMQP message, or a link we never accepted: refuse it rather than lose it silently.
    delivery.reject({
      condition: Condition.notImplemented,
      description: "only AMQP message format 0 is supported",
    });
    return;
  }
  queue.enqueue(bytes);
  if (!delivery.remote_settled) delivery.accept();
}
