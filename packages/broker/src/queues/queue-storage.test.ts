import { describe, expect, it } from "vitest";
import type { PublishedMessage } from "../routing/published-message";
import { Queue } from "./queue";
import { body, FakeConsumer, text } from "./queue-fixtures";
import type { QueueStorage, StorageHandle } from "./queue-storage";
import type { QueuedMessage } from "./queued-message";

/** A QueueStorage over a Map: records what the queue asked for and pages when told to. */
class FakeStorage implements QueueStorage {
  readonly disk = new Map<StorageHandle, PublishedMessage>();
  readonly events: string[] = [];
  paging = false;
  memory = 0;
  pendingReads: Array<() => void> = [];
  failReads = false;

  stored(message: PublishedMessage): StorageHandle | undefined {
    if (!message.durable) return undefined;
    const handle = { durable: text({ message } as QueuedMessage) };
    this.disk.set(handle, message);
    this.events.push(`stored ${handle.durable}`);
    return handle;
  }
  left(handle: StorageHandle): void {
    this.events.push(`left ${this.name(handle)}`);
  }
  delivering(handle: StorageHandle): void {
    this.events.push(`delivering ${this.name(handle)}`);
  }
  shouldPage(): boolean {
    return this.paging;
  }
  pageOut(message: PublishedMessage, durable: StorageHandle | undefined): StorageHandle {
    if (durable) return durable;
    const handle = { transient: message.bytes.toString() };
    this.disk.set(handle, message);
    return handle;
  }
  pageIn(handles: readonly StorageHandle[]): Promise<PublishedMessage[]> {
    this.events.push(`pageIn ${handles.length}`);
    return new Promise((resolve, reject) => {
      this.pendingReads.push(() =>
        this.failReads
          ? reject(new Error("disk gone"))
          : resolve(handles.map((handle) => this.disk.get(handle) as PublishedMessage)),
      );
    });
  }
  memoryHeld(delta: number): void {
    this.memory += delta;
  }
  /** Completes the reads asked for so far. */
  async finishReads(): Promise<void> {
    for (const read of this.pendingReads.splice(0)) read();
    await new Promise((resolve) => setImmediate(resolve));
  }
  private name(handle: StorageHandle): string {
    const { durable, transient } = handle as { durable?: string; transient?: string };
    return durable ?? `transient ${transient}`;
  }
}

const persistent = (payload: string) => body(payload, { durable: true });

describe("Queue with storage", () => {
  it("records durable messages when stored, delivered and gone, and nothing for non-durable ones", () => {
    const storage = new FakeStorage();
    const queue = new Queue("q", {}, { storage });
    queue.enqueue(persistent("p"));
    queue.enqueue(body("n"));
    const consumer = new FakeConsumer("c", 2);
    queue.addConsumer(consumer);
    for (const message of consumer.received) queue.settle(message, "accepted");
    expect(storage.events).toEqual(["stored p", "delivering p", "left p"]);
    expect(storage.memory).toBe(0);
  });

  it("keeps messages on disk while paging and reads them back in order as consumers catch up", async () => {
    const storage = new FakeStorage();
    const queue = new Queue("q", {}, { storage });
    queue.enqueue(persistent("m0"));
    storage.paging = true;
    for (let i = 1; i < 2000; i++) queue.enqueue(i % 2 ? persistent(`m${i}`) : body(`m${i}`));
    // Paging stays on for newer messages even when memory frees up, so order holds.
    storage.paging = false;
    queue.enqueue(body("m2000"));
    expect(queue.depth).toBe(2001);
    expect(storage.memory).toBe(2); // only m0 is in memory
    const consumer = new FakeConsumer("c", 5000);
    queue.addConsumer(consumer);
    for (let round = 0; round < 10 && consumer.received.length < 2001; round++) await storage.finishReads();
    expect(consumer.received.map(text)).toEqual(Array.from({ length: 2001 }, (_, i) => `m${i}`));
    expect(storage.events.filter((event) => event.startsWith("pageIn")).length).toBeGreaterThan(1);
  });

  it("puts a batch back when it cannot be read, and reports it", async () => {
    const storage = new FakeStorage();
    const failures: unknown[] = [];
    const queue = new Queue("q", {}, { storage, pageInFailed: (error) => failures.push(error) });
    storage.paging = true;
    queue.enqueue(persistent("a"));
    queue.enqueue(persistent("b"));
    storage.failReads = true;
    const consumer = new FakeConsumer("c", 10);
    queue.addConsumer(consumer);
    await storage.finishReads();
    expect(failures).toHaveLength(1);
    expect(queue.depth).toBe(2);
    storage.failReads = false;
    queue.dispatch();
    await storage.finishReads();
    expect(consumer.received.map(text)).toEqual(["a", "b"]);
  });

  it("restores recovered messages with their delivery counts", async () => {
    const storage = new FakeStorage();
    const queue = new Queue("q", {}, { storage });
    const handle = { durable: "r" };
    storage.disk.set(handle, persistent("r"));
    queue.restore([{ handle, bytes: 1, deliveryCount: 1 }]);
    const consumer = new FakeConsumer("c", 1);
    queue.addConsumer(consumer);
    await storage.finishReads();
    expect(consumer.received.map((message) => [text(message), message.deliveryCount])).toEqual([["r", 1]]);
  });

  it("releases every record when deleted, paged ones included", async () => {
    const storage = new FakeStorage();
    const queue = new Queue("q", {}, { storage });
    queue.enqueue(persistent("a"));
    storage.paging = true;
    queue.enqueue(persistent("b"));
    queue.enqueue(body("c"));
    queue.delete();
    await storage.finishReads(); // a batch being read when the queue went is released when it arrives
    expect(storage.events.filter((event) => event.startsWith("left")).sort()).toEqual([
      "left a",
      "left b",
      "left transient c",
    ]);
    expect(storage.memory).toBe(0);
  });
});
