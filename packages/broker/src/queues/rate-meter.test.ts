import { describe, expect, it } from "vitest";
import { RateMeter } from "./rate-meter";

describe("RateMeter", () => {
  it("averages events per second over the window and forgets older seconds", () => {
    const meter = new RateMeter(10);
    meter.record(0, 30);
    meter.record(5_500, 20);
    expect(meter.rate(5_900)).toBe(5);
    expect(meter.rate(9_999)).toBe(5);
    expect(meter.rate(10_000)).toBe(2);
    meter.record(12_000);
    expect(meter.rate(12_000)).toBe(2.1);
    expect(meter.rate(30_000)).toBe(0);
  });

  it("reuses a slot for a new second instead of adding to the old count", () => {
    const meter = new RateMeter(2);
    meter.record(0, 4);
    meter.record(2_000, 1);
    expect(meter.rate(2_000)).toBe(0.5);
  });
});
