import { AmqpDecodeError } from "@jms-ts/codec";
import { rawBytesOf } from "@jms-ts/rhea-patches";
import type { Delivery, EventContext, Receiver } from "rhea";
import { decodeTransactionControl, TransactionControlError } from "../transactions/transaction-control";
import { Condition } from "../transport/amqp-symbols";
import type { BrokerContext } from "./broker-context";
import { COORDINATOR_CREDIT, transactionsOf } from "./on-coordinator-open";
import { holdArrivedTransactionalAcks } from "./on-transactional-work";
import { declaredState } from "./transaction-states";

/**
 * A declare or discharge arrived on a coordinator link [AMQP 4.3, 4.4]. rhea drops the descriptor of a
 * described amqp-value body, so the raw bytes are read with our codec. Declare: a new transaction,
 * settled as declared{txn-id}. Discharge: commit (fail=false) or roll back (fail=true), then accepted;
 * an unknown txn-id (or one already discharged) is rejected with amqp:transaction:unknown-id, a commit
 * a queue refused with amqp:transaction:rollback.
 */
export function onTransactionControl(broker: BrokerContext, context: EventContext): void {
  // Frames count in wire order: acks that arrived before this transfer belong to their transaction even
  // though rhea reports them only on its next pass; acks arriving after a discharge name a dead one.
  holdArrivedTransactionalAcks(broker, context.connection);
  try {
    control(broker, context);
  } catch (error) {
    const description = error instanceof Error ? error.message : String(error);
    broker.logger.error(`transaction control failed: ${description}`);
    context.connection.close({ condition: Condition.internalError, description });
  }
}

function control(broker: BrokerContext, context: EventContext): void {
  const receiver = context.receiver as Receiver;
  const delivery = context.delivery as Delivery;
  topUp(receiver);
  const bytes = rawBytesOf(context.message);
  if (!bytes) {
    reject(delivery, Condition.decodeError, "a coordinator message must be an AMQP (format 0) message");
    return;
  }
  let request;
  try {
    request = decodeTransactionControl(bytes);
  } catch (error) {
    if (!(error instanceof TransactionControlError) && !(error instanceof AmqpDecodeError)) throw error;
    reject(delivery, Condition.decodeError, error.message);
    return;
  }
  const registry = transactionsOf(context.connection);
  if (request.kind === "declare") {
    if (request.global) {
      reject(delivery, Condition.notImplemented, "global (distributed) transactions are not supported");
      return;
    }
    const transaction = registry.declare(receiver);
    delivery.update(true, declaredState(transaction.id));
    return;
  }
  const transaction = registry.take(request.txnId);
  if (!transaction) {
    reject(
      delivery,
      Condition.transactionUnknownId,
      `no live transaction has txn-id ${request.txnId.toString("hex")}; it was never declared or is already discharged`,
    );
    return;
  }
  if (request.fail) {
    transaction.rollback();
    delivery.accept();
    return;
  }
  const persistence = broker.persistence;
  if (persistence?.failure !== undefined) {
    transaction.rollback();
    reject(
      delivery,
      Condition.transactionRollback,
      `the transaction was rolled back: the broker cannot store messages now: ${persistence.failure}`,
    );
    return;
  }
  const result = persistence ? persistence.atomically(() => transaction.commit()) : transaction.commit();
  if (result.committed && persistence) {
    // The outcome goes only once the commit's records are on disk [AMQP 4.4.4].
    persistence.sync().then(
      () => delivery.accept(),
      (error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        broker.logger.error(`a committed transaction could not be made durable: ${reason}`);
        reject(delivery, Condition.resourceLimitExceeded, `the commit could not be stored: ${reason}`);
      },
    );
    return;
  }
  if (result.committed) {
    delivery.accept();
    return;
  }
  broker.logger.info(`transaction ${request.txnId.toString("hex")} rolled back: ${result.reason}`);
  reject(delivery, Condition.transactionRollback, `the transaction was rolled back: ${result.reason}`);
}

function topUp(receiver: Receiver): void {
  // rhea keeps the link's current credit in a field its typings leave out.
  const credit = (receiver as unknown as { credit: number }).credit;
  if (credit < COORDINATOR_CREDIT / 2) receiver.add_credit(COORDINATOR_CREDIT - credit);
}

function reject(delivery: Delivery, condition: string, description: string): void {
  if (!delivery.remote_settled) delivery.reject({ condition, description });
}
