import fc from "fast-check";
import { expect, test } from "vitest";
import type { FileMessageStore } from "./file-message-store";
import { fileStoreFixture } from "./file-store-fixture";
import type { RecoveredState, StoredMessageRef } from "./message-store";

/** What the store should give back: per queue, its messages in enqueue order with their delivery counts. */
type Model = Map<number, { body: string; ref: StoredMessageRef; deliveries: number }[]>;

const QUEUES = [1, 2, 3];
const operation = fc.oneof(
  fc.record({
    kind: fc.constant("add" as const),
    body: fc.string({ maxLength: 40 }),
    queues: fc.subarray(QUEUES, { minLength: 1 }),
    transient: fc.boolean(),
    atomic: fc.boolean(),
  }),
  fc.record({ kind: fc.constant("dequeue" as const), queue: fc.constantFrom(...QUEUES), pick: fc.nat() }),
  fc.record({ kind: fc.constant("delivered" as const), queue: fc.constantFrom(...QUEUES), pick: fc.nat() }),
  fc.record({ kind: fc.constant("drain" as const), queue: fc.constantFrom(...QUEUES) }),
  fc.record({ kind: fc.constant("restart" as const) }),
);

async function recovered(store: FileMessageStore, state: RecoveredState) {
  const result = new Map<number, { body: string; deliveries: number }[]>();
  for (const [queue, messages] of state.queues) {
    result.set(
      queue,
      await Promise.all(
        messages.map(async ({ ref, deliveries }) => ({
          body: (await store.read(ref)).toString(),
          deliveries,
        })),
      ),
    );
  }
  return result;
}

function expected(model: Model) {
  const result = new Map<number, { body: string; deliveries: number }[]>();
  for (const [queue, entries] of model) {
    if (entries.length > 0)
      result.set(
        queue,
        entries.map(({ body, deliveries }) => ({ body, deliveries })),
      );
  }
  return result;
}

test("random add/enqueue/dequeue/delivered/restart sequences recover the model's state", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(operation, { minLength: 5, maxLength: 80, size: "max" }),
      async (operations) => {
        const fixture = fileStoreFixture({ segmentBytes: 160 });
        const model: Model = new Map(QUEUES.map((queue) => [queue, []]));
        let store = fixture.open();
        try {
          await store.open();
          let lastId = -1;
          // Transient messages live only until a restart; the broker dequeues them when they are consumed.
          let transient: { queue: number; ref: StoredMessageRef }[] = [];
          for (const op of [...operations, { kind: "restart" as const }]) {
            if (op.kind === "add") {
              const add = (): void => {
                const ref = store.addMessage(Buffer.from(op.body), op.transient);
                expect(ref.id).toBeGreaterThan(lastId);
                lastId = ref.id;
                for (const queue of op.queues) {
                  store.enqueue(queue, ref);
                  if (op.transient) transient.push({ queue, ref });
                  else model.get(queue)?.push({ body: op.body, ref, deliveries: 0 });
                }
              };
              if (op.atomic) store.atomically(add);
              else add();
            } else if (op.kind === "restart") {
              await store.close();
              store = fixture.open();
              transient = [];
              const state = await store.open();
              expect(state.problems).toEqual([]);
              expect(await recovered(store, state)).toEqual(expected(model));
              const refs = new Map([...state.queues.values()].flat().map(({ ref }) => [ref.id, ref]));
              for (const entries of model.values())
                for (const entry of entries) entry.ref = refs.get(entry.ref.id) ?? entry.ref;
            } else if (op.kind === "drain") {
              const entries = model.get(op.queue) ?? [];
              for (const entry of entries.splice(0)) store.dequeue(op.queue, entry.ref);
              for (const { queue, ref } of transient.splice(0)) store.dequeue(queue, ref);
            } else {
              const entries = model.get(op.queue) ?? [];
              const entry = entries[op.pick % Math.max(1, entries.length)];
              if (entry === undefined) continue;
              if (op.kind === "dequeue") {
                store.dequeue(op.queue, entry.ref);
                entries.splice(entries.indexOf(entry), 1);
              } else {
                store.delivered(op.queue, entry.ref);
                entry.deliveries++;
              }
            }
          }
        } finally {
          await store.close();
          fixture.remove();
        }
      },
    ),
    { numRuns: 60 },
  );
});
