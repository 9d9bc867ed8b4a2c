import { describe, expect, it } from "vitest";
import { creditToAdd } from "./credit-policy";

describe("[qpid-jms 2.13] creditToAdd", () => {
  it("waits while more than half the credit remains", () => {
    expect(creditToAdd(1000, 501, 0)).toBe(0);
  });

  it("waits while the application has not caught up with what arrived", () => {
    expect(creditToAdd(1000, 400, 301)).toBe(0);
  });

  it("tops up to the prefetch once both thresholds are met", () => {
    expect(creditToAdd(1000, 500, 100)).toBe(400);
    expect(creditToAdd(1000, 0, 0)).toBe(1000);
  });

  it("keeps a prefetch of 1 flowing one message at a time", () => {
    expect(creditToAdd(1, 0, 0)).toBe(1);
    expect(creditToAdd(1, 1, 0)).toBe(0);
    expect(creditToAdd(1, 0, 1)).toBe(0);
  });
});
