import { type AmqpValue, decodeMessage } from "@jms-ts/codec";

/** What a client asks of the transaction coordinator [AMQP 4.5.2, 4.5.3]. */
export type TransactionControl =
  | { readonly kind: "declare"; readonly global: boolean }
  | { readonly kind: "discharge"; readonly txnId: Buffer; readonly fail: boolean };

/** A coordinator message that is neither a well-formed declare nor discharge. */
export class TransactionControlError extends Error {
  override readonly name = "TransactionControlError";
}

/** Descriptors as ulong codes and symbols [AMQP 4.5]. */
export const TransactionDescriptor = {
  declare: { code: 0x31n, symbol: "amqp:declare:list" },
  discharge: { code: 0x32n, symbol: "amqp:discharge:list" },
} as const;

/**
 * Reads the amqp-value body of a message sent to the coordinator: a described declare or discharge.
 * @throws TransactionControlError when the body is anything else (an AmqpDecodeError when not AMQP).
 */
export function decodeTransactionControl(bytes: Buffer): TransactionControl {
  const body = decodeMessage(bytes).body;
  const value = body?.kind === "value" ? body.value : undefined;
  if (value?.type !== "described" || value.value.type !== "list") {
    throw new TransactionControlError(
      "a coordinator message needs an amqp-value body holding a described declare or discharge list",
    );
  }
  const fields = value.value.value;
  if (isDescriptor(value.descriptor, TransactionDescriptor.declare)) {
    return { kind: "declare", global: fields[0] !== undefined && fields[0].type !== "null" };
  }
  if (isDescriptor(value.descriptor, TransactionDescriptor.discharge)) {
    const txnId = fields[0];
    if (txnId?.type !== "binary") {
      throw new TransactionControlError("a discharge needs its txn-id as a binary (first field)");
    }
    const fail = fields[1];
    return { kind: "discharge", txnId: txnId.value, fail: fail?.type === "boolean" && fail.value };
  }
  throw new TransactionControlError("a coordinator message must be a declare (0x31) or discharge (0x32)");
}

function isDescriptor(descriptor: AmqpValue, expected: { code: bigint; symbol: string }): boolean {
  if (descriptor.type === "ulong") return descriptor.value === expected.code;
  return descriptor.type === "symbol" && descriptor.value === expected.symbol;
}
