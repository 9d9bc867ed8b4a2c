import { amqp, encodeMessage } from "@jms-ts/codec";
import { describe, expect, it } from "vitest";
import { decodeTransactionControl } from "./transaction-control";

const valueMessage = (value: Parameters<typeof amqp.list>[0][number]) =>
  encodeMessage({ body: { kind: "value", value } });

describe("decodeTransactionControl", () => {
  it("[AMQP 4.5.2] reads a declare, local or global", () => {
    expect(decodeTransactionControl(valueMessage(amqp.described(amqp.ulong(0x31), amqp.list([]))))).toEqual({
      kind: "declare",
      global: false,
    });
    const global = amqp.described(
      amqp.symbol("amqp:declare:list"),
      amqp.list([amqp.binary(Buffer.from("g"))]),
    );
    expect(decodeTransactionControl(valueMessage(global))).toEqual({ kind: "declare", global: true });
  });

  it("[AMQP 4.5.3] reads a discharge with its txn-id and fail flag", () => {
    const discharge = amqp.described(
      amqp.ulong(0x32),
      amqp.list([amqp.binary(Buffer.from([7])), amqp.boolean(true)]),
    );
    expect(decodeTransactionControl(valueMessage(discharge))).toEqual({
      kind: "discharge",
      txnId: Buffer.from([7]),
      fail: true,
    });
  });

  it("refuses other bodies with a clear error", () => {
    expect(() => decodeTransactionControl(valueMessage(amqp.string("x")))).toThrow(/declare or discharge/);
    const noId = amqp.described(amqp.ulong(0x32), amqp.list([]));
    expect(() => decodeTransactionControl(valueMessage(noId))).toThrow(/txn-id/);
  });
});
