import { describe, expect, it } from "vitest";
import { FakeClock } from "./fake-clock";
import { Timeline } from "./timeline";

describe("Timeline", () => {
  it("hands items over when due, earliest first and ties in order added, from a single timer", () => {
    const clock = new FakeClock(0);
    const due: string[] = [];
    const timeline = new Timeline<string>(clock, (item) => due.push(`${item}@${clock.now()}`));
    timeline.add("c", 300);
    timeline.add("a", 100);
    timeline.add("b1", 200);
    timeline.add("b2", 200);
    expect(clock.pendingTimers).toBe(1);
    clock.advance(250);
    expect(due).toEqual(["a@100", "b1@200", "b2@200"]);
    timeline.add("early", 260);
    expect(clock.pendingTimers).toBe(1);
    clock.advance(100);
    expect(due.slice(3)).toEqual(["early@260", "c@300"]);
    expect(timeline.size).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it("retain drops items and clear cancels the timer", () => {
    const clock = new FakeClock(0);
    const due: number[] = [];
    const timeline = new Timeline<number>(clock, (item) => due.push(item));
    for (const n of [1, 2, 3, 4]) timeline.add(n, n * 10);
    timeline.retain((n) => n % 2 === 0);
    expect(timeline.size).toBe(2);
    clock.advance(20);
    expect(due).toEqual([2]);
    expect(timeline.clear()).toEqual([4]);
    expect(clock.pendingTimers).toBe(0);
  });

  it("re-arms when a timer fires early", () => {
    let now = 0;
    const callbacks: (() => void)[] = [];
    const clock = {
      now: () => now,
      setTimer: (callback: () => void) => (callbacks.push(callback), { cancel() {} }),
    };
    const due: string[] = [];
    const timeline = new Timeline<string>(clock, (item) => due.push(item));
    timeline.add("x", 100);
    now = 99;
    callbacks.shift()?.();
    expect(due).toEqual([]);
    expect(callbacks).toHaveLength(1);
    now = 100;
    callbacks.shift()?.();
    expect(due).toEqual(["x"]);
  });
});
