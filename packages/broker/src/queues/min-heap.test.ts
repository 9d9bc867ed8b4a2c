import { describe, expect, it } from "vitest";
import { MinHeap } from "./min-heap";

describe("MinHeap", () => {
  it("pops items smallest first whatever the push order", () => {
    const heap = new MinHeap<number>((a, b) => a < b);
    const values = Array.from({ length: 500 }, (_, i) => (i * 7919) % 503);
    for (const value of values) heap.push(value);
    expect(heap.size).toBe(500);
    expect(heap.peek()).toBe(Math.min(...values));
    const popped: number[] = [];
    for (let value = heap.pop(); value !== undefined; value = heap.pop()) popped.push(value);
    expect(popped).toEqual([...values].sort((a, b) => a - b));
    expect(heap.pop()).toBeUndefined();
  });

  it("clear empties it", () => {
    const heap = new MinHeap<number>((a, b) => a < b);
    heap.push(1);
    heap.clear();
    expect(heap.size).toBe(0);
    expect(heap.peek()).toBeUndefined();
  });
});
