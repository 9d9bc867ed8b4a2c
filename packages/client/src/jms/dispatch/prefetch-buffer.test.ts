import { describe, expect, it } from "vitest";
import { isSettled } from "../../../test/support/mock-provider";
import { PrefetchBuffer } from "./prefetch-buffer";

function running<T>(...items: T[]): PrefetchBuffer<T> {
  const buffer = new PrefetchBuffer<T>();
  buffer.setRunning(true);
  items.forEach((item) => buffer.push(item));
  return buffer;
}

describe("PrefetchBuffer", () => {
  it("hands items out in arrival order", async () => {
    const buffer = running("a", "b", "c");
    expect(buffer.size).toBe(3);
    expect(buffer.takeNow()).toBe("a");
    expect(await buffer.take()).toBe("b");
    expect(await buffer.take(10)).toBe("c");
    expect(buffer.takeNow()).toBeUndefined();
    expect(buffer.size).toBe(0);
  });

  it("serves waiters in the order they started waiting", async () => {
    const buffer = running<string>();
    const first = buffer.take();
    const second = buffer.take();
    const third = buffer.take();
    buffer.push("1");
    buffer.push("2");
    expect(await first).toBe("1");
    expect(await second).toBe("2");
    expect(await isSettled(third)).toBe(false);
    buffer.push("3");
    expect(await third).toBe("3");
  });

  it("starts stopped: setRunning(false) holds items and waiters until it runs again", async () => {
    const buffer = new PrefetchBuffer<number>();
    buffer.push(1);
    expect(buffer.takeNow()).toBeUndefined();
    const waiting = buffer.take();
    expect(await isSettled(waiting)).toBe(false);
    buffer.setRunning(true);
    expect(await waiting).toBe(1);
    buffer.setRunning(false);
    buffer.push(2);
    const held = buffer.take();
    expect(await isSettled(held)).toBe(false);
    expect(buffer.size).toBe(1);
    buffer.setRunning(true);
    expect(await held).toBe(2);
  });

  it("take(timeout) resolves null after the timeout and forgets the waiter", async () => {
    const buffer = running<string>();
    expect(await buffer.take(20)).toBeNull();
    buffer.push("later");
    expect(buffer.takeNow()).toBe("later");
  });

  it("take with an aborted signal resolves null; an abort while waiting too", async () => {
    const buffer = running<string>();
    expect(await buffer.take(undefined, AbortSignal.abort())).toBeNull();
    const controller = new AbortController();
    const waiting = buffer.take(0, controller.signal);
    controller.abort();
    expect(await waiting).toBeNull();
    buffer.push("x");
    expect(buffer.size).toBe(1);
  });

  it("close ends every wait with null and returns the undelivered items", async () => {
    const stopped = new PrefetchBuffer<string>();
    const waiting = stopped.take();
    stopped.push("a");
    stopped.push("b");
    expect(stopped.close()).toEqual(["a", "b"]);
    expect(await waiting).toBeNull();
    expect(stopped.size).toBe(0);
    expect(await stopped.take()).toBeNull();
    stopped.setRunning(true);
    expect(stopped.takeNow()).toBeUndefined();
  });

  it("close on a running buffer returns only what was never taken", () => {
    const buffer = running(1, 2, 3);
    buffer.takeNow();
    expect(buffer.close()).toEqual([2, 3]);
    expect(buffer.close()).toEqual([]);
  });

  it("[JMS 2.0 6.2.11] unshift puts items back in front in their order and serves a waiter first", async () => {
    const buffer = running("c");
    buffer.unshift(["a", "b"]);
    expect([buffer.takeNow(), buffer.takeNow(), buffer.takeNow()]).toEqual(["a", "b", "c"]);
    const waiting = buffer.take();
    expect(buffer.waiting).toBe(1);
    buffer.unshift(["again"]);
    expect(await waiting).toBe("again");
    expect(buffer.waiting).toBe(0);
  });

  it("peek shows the next item without taking it, and nothing while stopped", () => {
    const buffer = running("x");
    expect(buffer.peek()).toBe("x");
    expect(buffer.size).toBe(1);
    buffer.setRunning(false);
    expect(buffer.isRunning).toBe(false);
    expect(buffer.peek()).toBeUndefined();
  });
});
