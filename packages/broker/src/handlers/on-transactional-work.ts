import type { Connection, Delivery, EventContext, Sender } from "rhea";
import type { PublishedMessage } from "../routing/published-message";
import { type PublishTarget, queuesFor } from "../routing/publish";
import { Condition } from "../transport/amqp-symbols";
import type { LinkConsumer } from "../transport/link-consumer";
import type { ProducerLink } from "../transport/producer-link";
import type { BrokerContext } from "./broker-context";
import { transactionsOf } from "./on-coordinator-open";
import { transactionalAccepted, transactionalDisposition } from "./transaction-states";

/**
 * A message sent in a transaction [AMQP 4.4.1]: routed now (the caller resolved and authorized its
 * target), stored in its queues only at commit, gone at rollback. The transfer is settled with
 * transactional-state{txn-id, accepted}.
 */
export function holdInTransaction(
  broker: BrokerContext,
  context: EventContext,
  producer: ProducerLink,
  route: { target: PublishTarget; message: PublishedMessage; txnId: Buffer },
): void {
  const delivery = context.delivery as Delivery;
  producer.published([]);
  const transaction = transactionsOf(context.connection).get(route.txnId);
  if (!transaction) {
    reject(delivery, Condition.transactionUnknownId, unknownId(route.txnId));
    return;
  }
  const queues = queuesFor(route.target, route.message, (name) => broker.host.exchange(name));
  if (typeof queues === "string") {
    const policy = "exchange" in route.target ? route.target.unroutable : undefined;
    if (policy === "reject") return reject(delivery, Condition.notFound, queues);
    if (policy !== "discard") {
      if (!delivery.remote_settled) delivery.release();
      return;
    }
  }
  transaction.holdPublish(typeof queues === "string" ? [] : queues, route.message);
  const stats = broker.connections.get(context.connection);
  if (stats) stats.messagesIn++;
  if (!delivery.remote_settled) delivery.update(true, transactionalAccepted(route.txnId));
}

/**
 * A consumer settled a delivery with transactional-state{txn-id, outcome} [AMQP 4.4.2] (Qpid JMS acks
 * this way in a transacted session). rhea fires no outcome event for it, only `settled`. The message
 * stays acquired until the transaction is discharged: commit applies the outcome, rollback puts it
 * back as redelivered. An unknown txn-id cannot be honoured: the message goes back at once and the link
 * is closed with amqp:transaction:unknown-id.
 */
export function onSettled(broker: BrokerContext, context: EventContext): void {
  const delivery = context.delivery as Delivery;
  if (!delivery.link.is_sender()) return;
  const consumer = broker.consumers.get(delivery.link as Sender);
  if (consumer) holdTransactionalAck(broker, context.connection, consumer, delivery);
}

/**
 * A consumer link is going: acks in a transaction that arrived with or just before its detach, which rhea
 * reports a tick later than the detach, go to their transactions now instead of back to the queue.
 */
export function holdPendingTransactionalAcks(
  broker: BrokerContext,
  connection: Connection,
  consumer: LinkConsumer,
): void {
  for (const delivery of consumer.inFlightDeliveries()) {
    holdTransactionalAck(broker, connection, consumer, delivery);
  }
}

/** Holds the transactional acks `connection` received so far that rhea has not reported yet. */
export function holdArrivedTransactionalAcks(broker: BrokerContext, connection: Connection): void {
  connection.each_sender((sender: Sender) => {
    const consumer = broker.consumers.get(sender);
    if (consumer) holdPendingTransactionalAcks(broker, connection, consumer);
  });
}

function holdTransactionalAck(
  broker: BrokerContext,
  connection: Connection,
  consumer: LinkConsumer,
  delivery: Delivery,
): void {
  const state = transactionalDisposition(delivery);
  if (!state) return;
  const message = consumer.takeInFlight(delivery);
  if (!message) return;
  const transaction = transactionsOf(connection).get(state.txnId);
  if (!transaction) {
    // As Qpid Broker-J does: the message goes back and the consumer's link is closed, so the client learns
    // its ack was not taken instead of believing it consumed the message.
    consumer.detach(); // first, so the message does not go straight back out on this link
    consumer.queue.settle(message, "modified");
    const link = delivery.link as Sender;
    if (link.is_open()) {
      link.close({ condition: Condition.transactionUnknownId, description: unknownId(state.txnId) });
    }
    broker.logger.warn(`closed consumer ${link.name}: ${unknownId(state.txnId)}`);
    return;
  }
  const outcome = state.outcome ?? { outcome: "accepted", undeliverableHere: false };
  transaction.holdSettlement(consumer.queue, message, outcome.outcome, outcome.undeliverableHere);
}

function unknownId(txnId: Buffer): string {
  return `no live transaction has txn-id ${txnId.toString("hex")}; it was never declared or is already discharged`;
}

function reject(delivery: Delivery, condition: string, description: string): void {
  if (!delivery.remote_settled) delivery.reject({ condition, description });
}
