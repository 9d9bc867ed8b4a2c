import { describe, expect, it } from "vitest";
import { PagedMessages } from "./paged-messages";
import type { PagedMessage } from "./queue-storage";

const message = (sequence: number, expiresAt?: number): PagedMessage => ({
  sequence,
  handle: { name: `h${sequence}` },
  bytes: 10 + (sequence % 7),
  deliveryCount: sequence % 3,
  expiresAt,
});

describe("PagedMessages", () => {
  it("gives back what was appended, in order and field for field, across growth and reuse", () => {
    const paged = new PagedMessages();
    const all = Array.from({ length: 5000 }, (_, i) => message(i, i % 2 ? 1_700_000_000_000 + i : undefined));
    const taken: PagedMessage[] = [];
    let next = 0;
    // Interleave appends and takes so the columns both grow and move their live slots to the front.
    while (taken.length < all.length) {
      for (let i = 0; i < 700 && next < all.length; i++) paged.append(all[next++] as PagedMessage);
      taken.push(...paged.takeBatch(300, Number.MAX_SAFE_INTEGER));
      expect(paged.size).toBe(next - taken.length);
    }
    expect(taken).toEqual(all);
    expect(paged.bytes).toBe(0);
  });

  it("takes at most a count or about a byte budget, always at least one", () => {
    const paged = new PagedMessages();
    for (let i = 0; i < 10; i++) paged.append(message(i));
    expect(paged.takeBatch(3, 1_000_000).map((m) => m.sequence)).toEqual([0, 1, 2]);
    expect(paged.takeBatch(100, 1).map((m) => m.sequence)).toEqual([3]);
    expect(paged.takeBatch(100, 25).map((m) => m.sequence)).toEqual([4, 5]);
  });

  it("puts a batch back at the head and counts its bytes again", () => {
    const paged = new PagedMessages();
    for (let i = 0; i < 4; i++) paged.append(message(i));
    const total = paged.bytes;
    const batch = paged.takeBatch(2, 1_000_000);
    paged.putBackBatch(batch);
    expect(paged.bytes).toBe(total);
    expect(paged.clear().map((m) => m.sequence)).toEqual([0, 1, 2, 3]);
    expect(paged.size).toBe(0);
  });
});
