// The bodies and states of local transactions [AMQP 4.5], on the wire exactly as Qpid JMS writes them.
// Declare and discharge bodies are encoded by @jms-ts/codec: rhea overwrites the descriptor of a described
// amqp-value body with the section's own [rhea.md 1.12]. States on transfers and dispositions are rhea
// typed values, since rhea writes them inside its frames.
import { amqp, encodeMessage } from "@jms-ts/codec";
import rhea from "rhea";
import { ProviderError } from "../provider-error";
import { fromAmqpError } from "./amqp-error-conditions";
import { Transaction } from "./amqp-symbols";

const { types } = rhea;

/** A declare (0x31) with no global-id: a local transaction [AMQP 4.5.2]. */
export function encodeDeclare(): Buffer {
  return encodeMessage({
    body: { kind: "value", value: amqp.described(amqp.ulong(Transaction.declare), amqp.list([])) },
  });
}

/** A discharge (0x32) of `txnId`: `fail` true rolls back, false commits [AMQP 4.5.3]. */
export function encodeDischarge(txnId: Buffer, fail: boolean): Buffer {
  const fields = amqp.list([amqp.binary(txnId), amqp.boolean(fail)]);
  return encodeMessage({
    body: { kind: "value", value: amqp.described(amqp.ulong(Transaction.discharge), fields) },
  });
}

/** The coordinator target (0x30) with capabilities [amqp:local-transactions] [AMQP 4.5.1; qpid-jms 2.6]. */
export function coordinatorTarget(): unknown {
  const capabilities = types.wrap_array([Transaction.localTransactions], 0xb3, undefined);
  return types.described(types.wrap_ulong(Transaction.coordinator), types.wrap_list([capabilities]));
}

/** transactional-state{txn-id}: the state of a transfer sent in the transaction [AMQP 4.5.6]. */
export function transactionalState(txnId: Buffer): unknown {
  return types.described(
    types.wrap_ulong(Transaction.transactionalState),
    types.wrap_list([types.wrap_binary(txnId)]),
  );
}

/** transactional-state{txn-id, accepted}: a consumer's ack in the transaction [qpid-jms 2.12]. */
export function transactionalAccept(txnId: Buffer): unknown {
  const accepted: unknown = types.described(types.wrap_ulong(Transaction.accepted), types.wrap_list([]));
  return types.described(
    types.wrap_ulong(Transaction.transactionalState),
    types.wrap_list([types.wrap_binary(txnId), accepted]),
  );
}

/** A described value as rhea decodes one it has no class for (@jms-ts/rhea-patches passes 0x33/0x34 so). */
interface RawDescribed {
  descriptor?: { value?: unknown };
  value?: unknown;
}

function describedAs(state: unknown, code: number, symbol: string): RawDescribed | undefined {
  const descriptor = (state as RawDescribed | null | undefined)?.descriptor?.value;
  const matches = descriptor === code || (typeof descriptor === "bigint" && Number(descriptor) === code);
  return matches || descriptor === symbol ? (state as RawDescribed) : undefined;
}

function fieldsOf(described: RawDescribed): unknown[] {
  const list = described.value;
  return Array.isArray(list) ? list : [];
}

/** The txn-id of a declared outcome (0x33) [AMQP 4.5.4], or undefined for any other state. */
export function declaredTxnId(state: unknown): Buffer | undefined {
  const declared = describedAs(state, Transaction.declared, "amqp:declared:list");
  if (!declared) return undefined;
  const id = (fieldsOf(declared)[0] as { value?: unknown } | undefined)?.value;
  return Buffer.isBuffer(id) ? id : undefined;
}

/**
 * The outcome inside the broker's transactional-state for a transactional send [AMQP 4.5.6]: undefined
 * when `state` is no transactional-state, else null for accepted or the error for anything else.
 */
export function transactionalOutcome(state: unknown): ProviderError | null | undefined {
  const transactional = describedAs(state, Transaction.transactionalState, "amqp:transactional-state:list");
  if (!transactional) return undefined;
  const outcome = fieldsOf(transactional)[1];
  const unwrapped = (rhea.message as unknown as { unwrap_outcome(o: unknown): unknown }).unwrap_outcome(
    outcome,
  ) as { constructor?: { composite_type?: string }; error?: unknown } | undefined;
  const kind = unwrapped?.constructor?.composite_type;
  // No outcome yet is the broker saying "accepted into the transaction" too.
  if (outcome === undefined || outcome === null || kind === "accepted") return null;
  if (kind === "rejected") {
    return fromAmqpError(
      unwrapped?.error,
      "send-failed",
      "the broker rejected the message in the transaction",
    );
  }
  return new ProviderError("send-failed", `delivery failed in the transaction: ${kind ?? "unknown outcome"}`);
}
