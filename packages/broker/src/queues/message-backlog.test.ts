import { describe, expect, it } from "vitest";
import { MessageBacklog } from "./message-backlog";
import { body } from "./queue-fixtures";
import type { QueuedMessage } from "./queued-message";

const message = (sequence: number, groupId?: string): QueuedMessage => ({
  sequence,
  message: body(String(sequence), groupId === undefined ? {} : { groupId }),
  deliveryCount: 0,
});

function drain(backlog: MessageBacklog): number[] {
  const taken: number[] = [];
  for (let next = backlog.take(); next; next = backlog.take()) taken.push(next.sequence);
  return taken;
}

describe("MessageBacklog", () => {
  it("takes from the middle past messages not allowed, leaving them in order", () => {
    const backlog = new MessageBacklog();
    const messages = [message(0, "g"), message(1, "g"), message(2), message(3, "g"), message(4)];
    messages.forEach((m) => backlog.append(m));
    const noGroup = (m: QueuedMessage) => m.message.groupId === undefined;
    expect(backlog.take(noGroup)?.sequence).toBe(2);
    expect(backlog.take(noGroup)?.sequence).toBe(4);
    expect(backlog.take(noGroup)).toBeUndefined();
    expect(backlog.size).toBe(3);
    expect(backlog.firstAfter(1)?.sequence).toBe(3);
    expect(drain(backlog)).toEqual([0, 1, 3]);
  });

  it("a message taken from the middle and put back is found once, in its place", () => {
    const backlog = new MessageBacklog();
    const messages = [0, 1, 2, 3].map((n) => message(n));
    messages.forEach((m) => backlog.append(m));
    const two = backlog.take((m) => m.sequence === 2) as QueuedMessage;
    backlog.putBack(two);
    expect(backlog.size).toBe(4);
    expect(drain(backlog)).toEqual([0, 1, 2, 3]);
    expect(backlog.size).toBe(0);
  });

  it("removes a message wherever it waits, and says whether it was there", () => {
    const backlog = new MessageBacklog();
    const messages = [0, 1, 2, 3].map((n) => message(n));
    messages.forEach((m) => backlog.append(m));
    const zero = backlog.take() as QueuedMessage;
    backlog.putBack(zero);
    expect(backlog.remove(messages[2] as QueuedMessage)).toBe(true);
    expect(backlog.remove(zero)).toBe(true);
    expect(backlog.remove(zero)).toBe(false);
    expect(backlog.has(messages[1] as QueuedMessage)).toBe(true);
    expect(backlog.remove(messages[1] as QueuedMessage)).toBe(true);
    expect(drain(backlog)).toEqual([3]);
  });

  it("clear returns what waited and leaves it empty", () => {
    const backlog = new MessageBacklog();
    [0, 1].forEach((n) => backlog.append(message(n)));
    expect(backlog.clear().map((m) => m.sequence)).toEqual([0, 1]);
    expect(backlog.size).toBe(0);
    expect(backlog.take()).toBeUndefined();
  });
});
