import { describe, expect, it } from "vitest";
import { BrowseCursor } from "./browse-cursor";
import { MessageBacklog } from "./message-backlog";
import { body } from "./queue-fixtures";
import type { QueuedMessage } from "./queued-message";

const message = (sequence: number): QueuedMessage => ({
  sequence,
  message: body(String(sequence)),
  deliveryCount: 0,
});

function browseAll(cursor: BrowseCursor, backlog: MessageBacklog): number[] {
  const seen: number[] = [];
  for (let next = cursor.next(backlog); next; next = cursor.next(backlog)) seen.push(next.sequence);
  return seen;
}

describe("BrowseCursor", () => {
  it("[AMQP 3.5.3 copy] shows each waiting message once, in order, without taking it", () => {
    const backlog = new MessageBacklog();
    [0, 1, 2].forEach((n) => backlog.append(message(n)));
    const cursor = new BrowseCursor();
    expect(browseAll(cursor, backlog)).toEqual([0, 1, 2]);
    expect(backlog.size).toBe(3);
    expect(cursor.next(backlog)).toBeUndefined();
    backlog.append(message(3));
    expect(browseAll(cursor, backlog)).toEqual([3]);
  });

  it("merges put-back messages in sequence order and never shows one twice", () => {
    const backlog = new MessageBacklog();
    [0, 1, 2, 3].forEach((n) => backlog.append(message(n)));
    const taken = [backlog.take(), backlog.take()] as QueuedMessage[];
    const cursor = new BrowseCursor();
    expect(cursor.next(backlog)?.sequence).toBe(2);
    backlog.putBack(taken[1] as QueuedMessage); // sequence 1, behind the cursor: not shown again
    expect(browseAll(cursor, backlog)).toEqual([3]);
    const fresh = new BrowseCursor();
    backlog.putBack(taken[0] as QueuedMessage);
    expect(browseAll(fresh, backlog)).toEqual([0, 1, 2, 3]);
  });

  it("finds its place by binary search in a long backlog", () => {
    const backlog = new MessageBacklog();
    for (let n = 0; n < 5000; n++) backlog.append(message(n));
    for (let n = 0; n < 3000; n++) backlog.take();
    expect(backlog.firstAfter(4321)?.sequence).toBe(4322);
    expect(backlog.firstAfter(-1)?.sequence).toBe(3000);
    expect(backlog.firstAfter(4999)).toBeUndefined();
  });
});
