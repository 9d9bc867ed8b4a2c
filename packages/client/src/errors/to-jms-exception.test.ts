import { describe, expect, it } from "vitest";
import { ProviderError, type ProviderErrorKind } from "../provider/provider-error";
import {
  ConnectionFailedException,
  IllegalStateException,
  InvalidClientIDException,
  InvalidDestinationException,
  JMSSecurityException,
  MessageFormatException,
  OperationTimedOutException,
  ResourceAllocationException,
  SendFailedException,
  TransactionInDoubtException,
  TransactionRolledBackException,
} from "./exceptions";
import { isJMSException, JMSException } from "./jms-exception";
import { jmsCall, toJMSException } from "./to-jms-exception";

const expected: Array<[ProviderErrorKind, typeof JMSException, string]> = [
  ["connection-failed", ConnectionFailedException, "ConnectionFailedException"],
  ["security", JMSSecurityException, "JMSSecurityException"],
  ["invalid-destination", InvalidDestinationException, "InvalidDestinationException"],
  ["invalid-client-id", InvalidClientIDException, "InvalidClientIDException"],
  ["resource-allocation", ResourceAllocationException, "ResourceAllocationException"],
  ["illegal-state", IllegalStateException, "IllegalStateException"],
  ["timed-out", OperationTimedOutException, "OperationTimedOutException"],
  ["send-failed", SendFailedException, "SendFailedException"],
  ["transaction-rolled-back", TransactionRolledBackException, "TransactionRolledBackException"],
  ["transaction-in-doubt", TransactionInDoubtException, "TransactionInDoubtException"],
  ["message-format", MessageFormatException, "MessageFormatException"],
  ["general", JMSException, "JMSException"],
];

describe("[CONVENTIONS 10] toJMSException", () => {
  it.each(expected)("maps kind %s to %o", (kind, ExceptionClass, name) => {
    const error = new ProviderError(kind, `it went wrong (${kind})`, {
      condition: "amqp:some-condition",
      retryable: true,
    });
    const exception = toJMSException(error);
    expect(exception).toBeInstanceOf(ExceptionClass);
    expect(exception.constructor).toBe(ExceptionClass);
    expect(exception.name).toBe(name);
    expect(exception.message).toBe(`it went wrong (${kind})`);
    expect(exception.errorCode).toBe("amqp:some-condition");
    expect(exception.getErrorCode()).toBe("amqp:some-condition");
    expect(exception.retryable).toBe(true);
    expect(exception.cause).toBe(error);
    expect(isJMSException(exception)).toBe(true);
  });

  it("leaves errorCode undefined and retryable false when the provider gave none", () => {
    const exception = toJMSException(new ProviderError("security", "no"));
    expect(exception.errorCode).toBeUndefined();
    expect(exception.retryable).toBe(false);
    expect(Object.hasOwn(exception, "errorCode")).toBe(true);
  });

  it("returns a JMSException unchanged", () => {
    const original = new IllegalStateException("closed");
    expect(toJMSException(original)).toBe(original);
  });

  it("wraps anything else in a plain JMSException with the cause", () => {
    const cause = new TypeError("boom");
    const wrapped = toJMSException(cause);
    expect(wrapped.constructor).toBe(JMSException);
    expect(wrapped.message).toBe("boom");
    expect(wrapped.cause).toBe(cause);
    expect(toJMSException("text").message).toBe("text");
  });

  it("jmsCall converts rejections and passes results through", async () => {
    await expect(jmsCall(() => Promise.resolve(42))).resolves.toBe(42);
    const failure = jmsCall(() =>
      Promise.reject(new ProviderError("invalid-destination", "gone", { condition: "amqp:not-found" })),
    );
    await expect(failure).rejects.toBeInstanceOf(InvalidDestinationException);
    await expect(jmsCall(() => Promise.reject(new Error("x")))).rejects.toSatisfy(isJMSException);
  });
});

describe("[CONVENTIONS 9] isJMSException", () => {
  it("recognises JMSExceptions without instanceof (duplicate package copies)", () => {
    const foreign = Object.assign(new Error("from another copy"), {
      [Symbol.for("jms-ts.JMSException")]: true,
    });
    expect(isJMSException(foreign)).toBe(true);
    expect(isJMSException(new Error("plain"))).toBe(false);
    expect(isJMSException(null)).toBe(false);
    expect(isJMSException("JMSException")).toBe(false);
    expect(isJMSException(new ProviderError("general", "x"))).toBe(false);
  });
});
