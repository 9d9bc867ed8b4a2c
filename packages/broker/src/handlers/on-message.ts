import { AmqpDecodeError } from "@jms-ts/codec";
import { rawBytesOf } from "@jms-ts/rhea-patches";
import type { Delivery, EventContext, Receiver } from "rhea";
import { AddressError } from "../addressing/address-resolver";
import { relayAddress } from "../addressing/relay-address";
import { type Node, publish } from "../routing/node";
import { Condition } from "../transport/amqp-symbols";
import type { BrokerContext, ProducerRoute } from "./broker-context";

/** A transfer completed: store the message as sent and accept it [AMQP 2.6.12, 3.4.2]. */
export function onMessage(broker: BrokerContext, context: EventContext): void {
  const delivery = context.delivery as Delivery;
  const route = broker.producers.get(context.receiver as Receiver);
  const bytes = rawBytesOf(context.message);
  if (!bytes) {
    // Not a format-0 AMQP message: refuse it rather than lose it silently.
    delivery.reject({
      condition: Condition.notImplemented,
      description: "only AMQP message format 0 is supported",
    });
    return;
  }
  if (bytes.length > broker.maxMessageSize) {
    // The link stays up; the sender learns why [AMQP 2.8.15 link-error message-size-exceeded].
    delivery.reject({
      condition: Condition.messageSizeExceeded,
      description: `the message is ${bytes.length} bytes; this broker accepts at most ${broker.maxMessageSize} (maxMessageSize)`,
    });
    return;
  }
  if (!route) {
    delivery.reject({
      condition: Condition.resourceDeleted,
      description: "this link's node no longer exists",
    });
    return;
  }
  let node: Node;
  try {
    node = resolveRoute(broker, route, bytes);
  } catch (error) {
    // An unroutable relay message is rejected; the link stays up for the next one [AMQP 3.4.3].
    delivery.reject(rejection(error));
    return;
  }
  publish(node, bytes, context.connection);
  if (!delivery.remote_settled) delivery.accept();
}

function resolveRoute(broker: BrokerContext, route: ProducerRoute, bytes: Buffer): Node {
  if (route !== "relay") return route;
  const { address, kind } = relayAddress(bytes);
  return broker.resolver.resolve(address, kind);
}

function rejection(error: unknown): { condition: string; description: string } {
  if (error instanceof AmqpDecodeError) {
    return { condition: Condition.decodeError, description: `malformed message: ${error.message}` };
  }
  if (error instanceof AddressError) {
    const condition = error.condition === "not-implemented" ? Condition.notImplemented : Condition.notFound;
    return { condition, description: `cannot relay: ${error.message}` };
  }
  throw error;
}
