import rhea, { type Delivery } from "rhea";
import { type RemoteOutcome, remoteOutcome } from "../transport/delivery-outcome";
import { TransactionCode } from "../transport/amqp-symbols";

/**
 * The transaction delivery states [AMQP 4.5.5, 4.5.6] in rhea's terms. rhea knows neither: we build
 * them as described lists with rhea's own type constructors, and read them in the two forms rhea hands
 * them over (see @jms-ts/rhea-patches coordinator-terminus.ts).
 */

/** rhea's outcome helpers, which its typings leave out. */
const outcomes = rhea.message as unknown as {
  accepted(): { described(): unknown };
  unwrap_outcome(outcome: unknown): unknown;
};

/** declared{txn-id}: the outcome of a declare [AMQP 4.5.5]. */
export function declaredState(txnId: Buffer): unknown {
  const { types } = rhea;
  return types.described(
    types.wrap_ulong(TransactionCode.declared),
    types.wrap_list([types.wrap_binary(txnId)]),
  );
}

/** transactional-state{txn-id, accepted}: the answer to a transfer sent in a transaction [AMQP 4.4.1]. */
export function transactionalAccepted(txnId: Buffer): unknown {
  const { types } = rhea;
  const accepted = outcomes.accepted().described();
  return types.described(
    types.wrap_ulong(TransactionCode.transactionalState),
    types.wrap_list([types.wrap_binary(txnId), accepted]),
  );
}

/**
 * The txn-id of a transfer sent in a transaction, or undefined. rhea decodes the transfer's state field
 * itself and, not knowing transactional-state, drops its descriptor: what is left is the positional
 * list [txn-id, outcome?], the txn-id a Buffer.
 */
export function transferTxnId(delivery: Delivery): Buffer | undefined {
  const state: unknown = delivery.remote_state;
  if (!Array.isArray(state)) return undefined;
  const txnId: unknown = state[0];
  return Buffer.isBuffer(txnId) ? txnId : undefined;
}

interface Described {
  descriptor?: { value?: unknown };
  value?: unknown;
}

/**
 * A consumer's transactional disposition [AMQP 4.4.2]: the txn-id and the outcome it will have at
 * commit. rhea leaves a disposition's state undecoded when it does not know it, so this is the
 * described value as received: descriptor 0x34, value [binary txn-id, described outcome].
 */
export function transactionalDisposition(
  delivery: Delivery,
): { txnId: Buffer; outcome: RemoteOutcome | undefined } | undefined {
  const state = delivery.remote_state as Described | undefined;
  const descriptor = state?.descriptor?.value;
  if (
    descriptor !== TransactionCode.transactionalState &&
    descriptor !== TransactionCode.transactionalStateSymbol
  ) {
    return undefined;
  }
  const fields = Array.isArray(state?.value) ? (state.value as Described[]) : [];
  const txnId = fields[0]?.value;
  if (!Buffer.isBuffer(txnId)) return undefined;
  const outcomeField = fields[1];
  const outcome =
    outcomeField?.descriptor === undefined
      ? undefined
      : remoteOutcome({ remote_state: outcomes.unwrap_outcome(outcomeField) } as Delivery);
  return { txnId, outcome };
}
