import { describe, expect, it } from "vitest";
import { ConsumerCredit } from "./consumer-credit";

const KiB = 1024;

describe("ConsumerCredit (jms.consumerWindowBytes, decision 0018)", () => {
  it("grants one credit until the first message shows the size", () => {
    const credit = new ConsumerCredit(1000, 256 * KiB);
    expect(credit.toAdd(0)).toBe(1);
    expect(credit.toAdd(1)).toBe(0);
  });

  it("small messages get the whole prefetch, topped up in Qpid JMS's batches", () => {
    const credit = new ConsumerCredit(1000, 256 * KiB);
    expect(credit.arrived(100, true)).toBe(true);
    expect(credit.toAdd(0)).toBe(999);
    for (let i = 0; i < 400; i++) credit.arrived(100, true);
    expect(credit.toAdd(599)).toBe(0);
    for (let i = 0; i < 401; i++) credit.left(100);
    expect(credit.buffered).toBe(0);
    expect(credit.toAdd(599)).toBe(0);
    expect(credit.toAdd(500)).toBe(500);
  });

  it("64 KiB messages in a 256 KiB window: credit stops once the window is covered", () => {
    const size = 64 * KiB;
    const credit = new ConsumerCredit(1000, 256 * KiB);
    credit.arrived(size, true);
    expect(credit.maxCredit()).toBe(3);
    expect(credit.toAdd(0)).toBe(3);
    for (let i = 0; i < 3; i++) credit.arrived(size, true);
    expect(credit.bufferedBytes).toBe(256 * KiB);
    expect(credit.maxCredit()).toBe(0);
    credit.left(size);
    expect(credit.toAdd(0)).toBe(0);
    credit.left(size);
    expect(credit.toAdd(0)).toBe(2);
  });

  it("an empty buffer gets one credit even when a message is larger than the window", () => {
    const credit = new ConsumerCredit(1000, 1 * KiB);
    credit.arrived(64 * KiB, true);
    expect(credit.toAdd(0)).toBe(0);
    credit.left(64 * KiB);
    expect(credit.toAdd(0)).toBe(1);
  });

  it("a larger message than expected lowers the credit the window allows", () => {
    const credit = new ConsumerCredit(1000, 256 * KiB);
    credit.arrived(100, true);
    expect(credit.maxCredit()).toBe(999);
    expect(credit.arrived(64 * KiB, true)).toBe(true);
    expect(credit.maxCredit()).toBe(2);
  });

  it("the size estimate follows smaller messages slowly and larger ones at once", () => {
    const credit = new ConsumerCredit(1000, 256 * KiB);
    credit.arrived(64 * KiB, false);
    expect(credit.arrived(KiB, false)).toBe(false);
    expect(credit.maxCredit()).toBeLessThan(5);
    for (let i = 0; i < 100; i++) credit.arrived(KiB, false);
    expect(credit.maxCredit()).toBe(256);
  });

  it("messages settled on arrival count for the size, not for the buffer", () => {
    const credit = new ConsumerCredit(10, 256 * KiB);
    expect(credit.arrived(500, false)).toBe(true);
    expect(credit.buffered).toBe(0);
    expect(credit.toAdd(0)).toBe(10);
  });

  it("window 0: the prefetch alone, from the first flow, as Qpid JMS", () => {
    const credit = new ConsumerCredit(7, 0);
    expect(credit.toAdd(0)).toBe(7);
    credit.arrived(10 * 1024 * KiB, true);
    expect(credit.maxCredit()).toBe(6);
  });

  it("prefetch 0 (a pull consumer) never gets credit from the window", () => {
    const credit = new ConsumerCredit(0, 256 * KiB);
    expect(credit.toAdd(0)).toBe(0);
    credit.arrived(100, false);
    expect(credit.toAdd(0)).toBe(0);
  });
});
