import { afterEach, describe, expect, test } from "vitest";
import { StoreUnavailableError, type MessageStore, type RecoveredState } from "./message-store";

/** One backend's data, seen through fresh store handles. */
export interface StoreFixture {
  /** A new, unopened handle on the same data: calling open() on it is a broker restart. */
  open(): MessageStore;
  /** Makes writes (and syncs) fail with `reason` from now on, or succeed again (undefined). */
  failWrites(reason: string | undefined): void;
}

const text = (value: string): Buffer => Buffer.from(value, "utf8");

/**
 * The behaviour every MessageStore backend must have. `fixture` is called once per test and gives that
 * test its own empty data.
 */
export function describeMessageStoreContract(name: string, fixture: () => StoreFixture): void {
  describe(`${name} (MessageStore contract)`, () => {
    const handles: MessageStore[] = [];
    let data: StoreFixture;

    afterEach(async () => {
      for (const handle of handles.splice(0)) await handle.close();
    });

    async function start(): Promise<{ store: MessageStore; state: RecoveredState }> {
      data ??= fixture();
      const store = data.open();
      handles.push(store);
      return { store, state: await store.open() };
    }

    async function restart(store: MessageStore): Promise<{ store: MessageStore; state: RecoveredState }> {
      await store.close();
      return start();
    }

    async function bodies(store: MessageStore, state: RecoveredState, queueId: number): Promise<string[]> {
      const messages = state.queues.get(queueId) ?? [];
      return Promise.all(messages.map(async ({ ref }) => (await store.read(ref)).toString("utf8")));
    }

    function fresh(): void {
      data = fixture();
    }

    test("a new store opens empty", async () => {
      fresh();
      const { state } = await start();
      expect(state.catalog).toBeUndefined();
      expect(state.queues.size).toBe(0);
      expect(state.problems).toEqual([]);
    });

    test("the catalog comes back, and a saved catalog replaces the previous one", async () => {
      fresh();
      let { store } = await start();
      await store.saveCatalog({ queues: [{ id: 1, name: "a" }] });
      ({ store } = await restart(store));
      await store.saveCatalog({ queues: [{ id: 2, name: "b" }] });
      const { state } = await restart(store);
      expect(state.catalog).toEqual({ queues: [{ id: 2, name: "b" }] });
    });

    test("messages on one and on several queues come back in enqueue order with their bytes", async () => {
      fresh();
      const { store } = await start();
      for (const body of ["one", "two", "three"]) store.enqueue(1, store.addMessage(text(body), false));
      const shared = store.addMessage(text("shared"), false);
      store.enqueue(1, shared);
      store.enqueue(2, shared);
      await store.sync();
      const { store: next, state } = await restart(store);
      expect(await bodies(next, state, 1)).toEqual(["one", "two", "three", "shared"]);
      expect(await bodies(next, state, 2)).toEqual(["shared"]);
      const ids = (state.queues.get(1) ?? []).map(({ ref }) => ref.id);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
    });

    test("a message enqueued later on another queue (moved) takes its enqueue position there", async () => {
      fresh();
      const { store } = await start();
      const early = store.addMessage(text("early"), false);
      store.enqueue(1, early);
      store.enqueue(2, store.addMessage(text("late"), false));
      store.dequeue(1, early);
      store.enqueue(2, early);
      await store.sync();
      const { store: next, state } = await restart(store);
      expect(await bodies(next, state, 2)).toEqual(["late", "early"]);
      expect(state.queues.has(1)).toBe(false);
    });

    test("dequeue removes the message from that queue only", async () => {
      fresh();
      const { store } = await start();
      const ref = store.addMessage(text("m"), false);
      store.enqueue(1, ref);
      store.enqueue(2, ref);
      store.dequeue(1, ref);
      await store.sync();
      const { store: next, state } = await restart(store);
      expect(state.queues.has(1)).toBe(false);
      expect(await bodies(next, state, 2)).toEqual(["m"]);
    });

    test("[JMS 2.0 3.4.7] delivery counts are recovered per queue", async () => {
      fresh();
      const { store } = await start();
      const ref = store.addMessage(text("m"), false);
      store.enqueue(1, ref);
      store.enqueue(2, ref);
      store.delivered(1, ref);
      store.delivered(1, ref);
      await store.sync();
      const { state } = await restart(store);
      expect(state.queues.get(1)?.[0]?.deliveries).toBe(2);
      expect(state.queues.get(2)?.[0]?.deliveries).toBe(0);
    });

    test("a transient message can be read back but is never recovered", async () => {
      fresh();
      const { store } = await start();
      const ref = store.addMessage(text("paged"), true);
      store.enqueue(1, ref);
      store.delivered(1, ref);
      expect((await store.read(ref)).toString()).toBe("paged");
      await store.sync();
      const { state } = await restart(store);
      expect(state.queues.size).toBe(0);
    });

    test("atomically: a batch that throws writes nothing; nested calls join the outer batch", async () => {
      fresh();
      const { store } = await start();
      expect(() =>
        store.atomically(() => {
          store.enqueue(1, store.addMessage(text("lost"), false));
          throw new Error("rolled back");
        }),
      ).toThrow("rolled back");
      const result = store.atomically(() => {
        store.enqueue(1, store.addMessage(text("a"), false));
        store.atomically(() => store.enqueue(1, store.addMessage(text("b"), false)));
        return 42;
      });
      expect(result).toBe(42);
      await store.sync();
      const { store: next, state } = await restart(store);
      expect(await bodies(next, state, 1)).toEqual(["a", "b"]);
    });

    test("message ids keep increasing across restarts, even after everything was consumed", async () => {
      fresh();
      let { store } = await start();
      const first = store.addMessage(text("1"), false);
      store.enqueue(1, first);
      store.dequeue(1, first);
      await store.sync();
      ({ store } = await restart(store));
      const second = store.addMessage(text("2"), false);
      expect(second.id).toBeGreaterThan(first.id);
    });

    test("concurrent syncs share fsyncs (group commit)", async () => {
      fresh();
      const { store } = await start();
      const before = store.stats.syncs;
      const syncs = Array.from({ length: 10 }, (_, index) => {
        store.enqueue(1, store.addMessage(text(`m${index}`), false));
        return store.sync();
      });
      await Promise.all(syncs);
      const used = store.stats.syncs - before;
      expect(used).toBeGreaterThanOrEqual(1);
      expect(used).toBeLessThanOrEqual(2);
    });

    test("failing writes: appends are refused with the reason, syncs reject, and it clears", async () => {
      fresh();
      const { store } = await start();
      store.enqueue(1, store.addMessage(text("kept"), false));
      await store.sync();
      store.enqueue(1, store.addMessage(text("in flight"), false));
      const pending = store.sync();
      data.failWrites("no space left on device");
      await expect(pending).rejects.toThrow(StoreUnavailableError);
      expect(store.failure).toContain("no space left on device");
      expect(() => store.addMessage(text("refused"), false)).toThrow(StoreUnavailableError);
      await expect(store.sync()).rejects.toThrow(/no space left on device/);
      data.failWrites(undefined);
      store.enqueue(1, store.addMessage(text("after"), false));
      await store.sync();
      expect(store.failure).toBeUndefined();
      const { store: next, state } = await restart(store);
      const recovered = await bodies(next, state, 1);
      expect(recovered[0]).toBe("kept");
      expect(recovered).toContain("after");
      expect(recovered).not.toContain("refused");
    });
  });
}
