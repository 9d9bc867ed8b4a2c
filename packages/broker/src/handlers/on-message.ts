import { AmqpDecodeError } from "@jms-ts/codec";
import { rawBytesOf } from "@jms-ts/rhea-patches";
import type { Delivery, EventContext, Receiver } from "rhea";
import { AddressError } from "../addressing/address-resolver";
import { withUnroutablePolicy } from "../addressing/unroutable-policy";
import { type PublishedMessage, parsePublishedMessage } from "../routing/published-message";
import type { PublishResult, PublishTarget } from "../routing/publish";
import { Condition } from "../transport/amqp-symbols";
import type { ProducerLink } from "../transport/producer-link";
import { authorize, creationGuard } from "./authorize";
import type { BrokerContext } from "./broker-context";
import { isCoordinatorLink } from "./on-coordinator-open";
import { accessNodeOf } from "./on-receiver-open";
import { onTransactionControl } from "./on-transaction-control";
import { holdInTransaction } from "./on-transactional-work";
import { conditionOf } from "./refuse-link";
import { transferTxnId } from "./transaction-states";

/**
 * A transfer completed: route and store the message as sent, then settle it [AMQP 2.6.12, 3.4]: accepted
 * once stored, released when no binding wanted it, rejected with the reason otherwise. The link stays up
 * whatever one message does.
 */
export function onMessage(broker: BrokerContext, context: EventContext): void {
  const delivery = context.delivery as Delivery;
  if (isCoordinatorLink(context.receiver as Receiver)) return onTransactionControl(broker, context);
  const producer = broker.producers.get(context.receiver as Receiver);
  const bytes = rawBytesOf(context.message);
  if (!bytes) {
    // Not a format-0 AMQP message: refuse it rather than lose it silently.
    reject(delivery, Condition.notImplemented, "only AMQP message format 0 is supported");
    return;
  }
  if (bytes.length > broker.maxMessageSize) {
    // [AMQP 2.8.15 link-error message-size-exceeded]
    reject(
      delivery,
      Condition.messageSizeExceeded,
      `the message is ${bytes.length} bytes; this broker accepts at most ${broker.maxMessageSize} (maxMessageSize)`,
    );
    return;
  }
  if (!producer) {
    reject(delivery, Condition.resourceDeleted, "this link's node no longer exists");
    return;
  }
  let result: PublishResult;
  let message: PublishedMessage;
  try {
    message = parsePublishedMessage(bytes, context.connection, broker.clock.now());
    const target = targetOf(broker, context, producer, message);
    const txnId = transferTxnId(delivery);
    if (txnId) return holdInTransaction(broker, context, producer, { target, message, txnId });
    const refusal = storeRefusal(broker, message);
    if (refusal !== undefined) {
      reject(delivery, Condition.resourceLimitExceeded, refusal);
      producer.published([]);
      return;
    }
    const persistence = broker.persistence;
    result = persistence
      ? persistence.atomically(() => broker.host.publish(target, message))
      : broker.host.publish(target, message);
  } catch (error) {
    if (!(error instanceof AmqpDecodeError) && !(error instanceof AddressError)) throw error;
    const condition = error instanceof AmqpDecodeError ? Condition.decodeError : conditionOf(error);
    reject(delivery, condition, `${producer.route === "relay" ? "cannot relay: " : ""}${error.message}`);
    producer.published([]);
    return;
  }
  if (result.outcome === "accepted" && message.durable && broker.persistence) {
    settleOnceDurable(broker, delivery, broker.persistence.sync());
  } else {
    settle(delivery, result);
  }
  if (result.outcome === "accepted") {
    const stats = broker.connections.get(context.connection);
    if (stats) stats.messagesIn++;
    producer.published(result.queues);
  } else {
    broker.logger.info(`message ${result.outcome}: ${result.description}`);
    producer.published([]);
  }
}

/** The link's node, or for the anonymous relay the node the message's `to` names (checked per message). */
function targetOf(
  broker: BrokerContext,
  context: EventContext,
  producer: ProducerLink,
  message: PublishedMessage,
): PublishTarget {
  if (producer.route !== "relay") return producer.route;
  if (message.to === undefined || message.to.length === 0) {
    throw new AddressError(
      "not-found",
      "a message sent on the anonymous relay needs properties.to naming its destination",
    );
  }
  const target = withUnroutablePolicy(
    broker.resolver.resolveTarget(
      message.to,
      message.destinationKind,
      creationGuard(broker, context.connection),
    ),
    message.destinationKind === "topic" ? "discard" : "release",
  );
  authorize(broker, context.connection, "send", accessNodeOf(target));
  return target;
}

/**
 * Why a persistent message cannot be taken now (the store cannot write), or undefined. Refused rather than
 * accepted and lost [AMQP 2.8.15 resource-limit-exceeded].
 */
function storeRefusal(broker: BrokerContext, message: PublishedMessage): string | undefined {
  const failure = message.durable ? broker.persistence?.failure : undefined;
  return failure === undefined ? undefined : `the broker cannot store persistent messages now: ${failure}`;
}

/** Accepts once the message is on disk; rejects (resource-limit-exceeded) when the store failed meanwhile. */
function settleOnceDurable(broker: BrokerContext, delivery: Delivery, synced: Promise<void>): void {
  synced.then(
    () => {
      if (!delivery.remote_settled && delivery.link.is_open()) delivery.accept();
    },
    (error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      broker.logger.error(`a persistent message could not be made durable: ${reason}`);
      if (delivery.link.is_open()) {
        reject(delivery, Condition.resourceLimitExceeded, `the message could not be stored: ${reason}`);
      }
    },
  );
}

function settle(delivery: Delivery, result: PublishResult): void {
  if (delivery.remote_settled) return;
  switch (result.outcome) {
    case "accepted":
      delivery.accept();
      return;
    case "released":
      delivery.release();
      return;
    case "rejected":
      reject(
        delivery,
        result.condition === "not-found" ? Condition.notFound : Condition.resourceLimitExceeded,
        result.description,
      );
  }
}

function reject(delivery: Delivery, condition: string, description: string): void {
  if (!delivery.remote_settled) delivery.reject({ condition, description });
}
