import * as fs from "node:fs";
import { afterEach, expect, test } from "vitest";
import type { FileMessageStore } from "../file-message-store";
import { fileStoreFixture, recoveredBodies, segmentPath, type FileStoreFixture } from "../file-store-fixture";
import { SEGMENT_HEADER_BYTES } from "./journal-format";

const fixtures: FileStoreFixture[] = [];
const stores: FileMessageStore[] = [];

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  for (const fixture of fixtures.splice(0)) fixture.remove();
});

async function open(fixture: FileStoreFixture) {
  const store = fixture.open();
  stores.push(store);
  return { store, state: await store.open() };
}

/** Writes `bodies` as one message each on queue 1 and returns the file size before the last one. */
async function writeMessages(fixture: FileStoreFixture, bodies: string[]): Promise<number> {
  const { store } = await open(fixture);
  let beforeLast = 0;
  for (const body of bodies) {
    await store.sync();
    beforeLast = store.sizeOnDisk;
    store.atomically(() => store.enqueue(1, store.addMessage(Buffer.from(body), false)));
  }
  await store.close();
  return beforeLast;
}

test("a torn last frame, cut at any byte, is reported and dropped; the rest recovers and appends go on", async () => {
  const fixture = fileStoreFixture();
  fixtures.push(fixture);
  const file = segmentPath(fixture.directory, 1);
  const lastStart = await writeMessages(fixture, ["first", "second", "third"]);
  const whole = fs.readFileSync(file);
  for (let cut = lastStart + 1; cut < whole.length; cut++) {
    fs.writeFileSync(file, whole.subarray(0, cut));
    const { store, state } = await open(fixture);
    expect(state.problems).toEqual([
      `torn tail in ${file} at offset ${lastStart} (${cut - lastStart} bytes dropped)`,
    ]);
    expect(await recoveredBodies(store, state, 1)).toEqual(["first", "second"]);
    store.enqueue(1, store.addMessage(Buffer.from("after"), false));
    await store.close();
    const again = await open(fixture);
    expect(again.state.problems).toEqual([]);
    expect(await recoveredBodies(again.store, again.state, 1)).toEqual(["first", "second", "after"]);
    await again.store.close();
  }
});

test("a corrupt record in the middle is reported with file and offset; the frames after it recover", async () => {
  const fixture = fileStoreFixture();
  fixtures.push(fixture);
  const file = segmentPath(fixture.directory, 1);
  await writeMessages(fixture, ["first", "second", "third"]);
  const data = fs.readFileSync(file);
  const secondFrame = data.indexOf("second") - 12 - 14; // frame header, MESSAGE record header
  data.writeUInt8(data.readUInt8(data.indexOf("second")) ^ 0xff, data.indexOf("second"));
  fs.writeFileSync(file, data);
  const { store, state } = await open(fixture);
  expect(state.problems).toEqual([
    `corrupt record in ${file} at offset ${secondFrame}, skipped ${12 + 14 + 6 + 17} bytes`,
  ]);
  expect(await recoveredBodies(store, state, 1)).toEqual(["first", "third"]);
});

test("segments roll at segmentBytes; consumed segments are deleted from the oldest end only", async () => {
  const fixture = fileStoreFixture({ segmentBytes: 100 });
  fixtures.push(fixture);
  const { store } = await open(fixture);
  const keeper = store.addMessage(Buffer.from("kept"), false);
  store.enqueue(2, keeper);
  const refs = Array.from({ length: 20 }, (_, index) => {
    const ref = store.addMessage(Buffer.from(`message ${index}`.padEnd(40, ".")), false);
    store.enqueue(1, ref);
    return ref;
  });
  await store.sync();
  expect(store.segments.length).toBeGreaterThan(5);
  for (const ref of refs) store.dequeue(1, ref);
  await store.sync();
  // The keeper's segment is the oldest; nothing may be deleted behind it.
  expect(store.segments[0]).toBe(keeper.segment);
  expect(store.segments.length).toBeGreaterThan(5);
  store.dequeue(2, keeper);
  store.atomically(() => store.enqueue(3, store.addMessage(Buffer.from("x".repeat(120)), false)));
  await store.sync();
  expect(store.segments.length).toBe(1);
  expect(fs.readdirSync(fixture.directory).filter((name) => name.endsWith(".seg")).length).toBe(1);
  expect(store.sizeOnDisk).toBe(fs.statSync(segmentPath(fixture.directory, store.segments[0] ?? 0)).size);
  await store.close();
  const { store: next, state } = await open(fixture);
  expect([...state.queues.keys()]).toEqual([3]);
  expect(next.addMessage(Buffer.from("y"), false).id).toBeGreaterThan(refs.at(-1)?.id ?? 0);
});

test("ENOSPC when rolling into a full device: failure set, appends refused, existing data intact", async () => {
  const fixture = fileStoreFixture({ segmentBytes: 64 });
  fixtures.push(fixture);
  const { store } = await open(fixture);
  store.atomically(() => store.enqueue(1, store.addMessage(Buffer.from("x".repeat(60)), false)));
  await store.sync();
  expect(store.segments).toEqual([1]);
  fs.symlinkSync("/dev/full", segmentPath(fixture.directory, 2));
  expect(() => store.addMessage(Buffer.from("next"), false)).toThrow(
    `cannot write ${segmentPath(fixture.directory, 2)}: no space left on device (ENOSPC)`,
  );
  expect(store.failure).toBe(
    `cannot write ${segmentPath(fixture.directory, 2)}: no space left on device (ENOSPC)`,
  );
  expect(() => store.addMessage(Buffer.from("again"), false)).toThrow(/ENOSPC/);
  await store.close();
  const { store: next, state } = await open(fixture);
  expect(state.problems).toEqual([]);
  expect(await recoveredBodies(next, state, 1)).toEqual(["x".repeat(60)]);
  expect(fs.statSync(segmentPath(fixture.directory, 1)).size).toBeGreaterThan(SEGMENT_HEADER_BYTES);
});

test("a write failure cuts the torn frame off and retries at most once a second", async () => {
  const fixture = fileStoreFixture();
  fixtures.push(fixture);
  const { store } = await open(fixture);
  store.enqueue(1, store.addMessage(Buffer.from("kept"), false));
  await store.sync();
  const goodSize = store.sizeOnDisk;
  fixture.failWrites("no space left on device");
  store.enqueue(1, store.addMessage(Buffer.from("lost"), false));
  await expect(store.sync()).rejects.toThrow(/no space left on device \(ENOSPC\)/);
  expect(fs.statSync(segmentPath(fixture.directory, 1)).size).toBe(goodSize);
  fixture.failWrites(undefined);
  fixture.advance(-1000);
  expect(() => store.addMessage(Buffer.from("too soon"), false)).toThrow(/ENOSPC/);
  fixture.advance(1000);
  store.enqueue(1, store.addMessage(Buffer.from("retried"), false));
  expect(store.failure).toBeUndefined();
  await store.close();
  const { store: next, state } = await open(fixture);
  expect(await recoveredBodies(next, state, 1)).toEqual(["kept", "retried"]);
});

test("retryWrites() probes a failed disk once a second with an empty frame that recovery skips", async () => {
  const fixture = fileStoreFixture();
  fixtures.push(fixture);
  const { store } = await open(fixture);
  store.enqueue(1, store.addMessage(Buffer.from("kept"), false));
  await store.sync();
  fixture.failWrites("no space left on device");
  expect(() => store.enqueue(1, store.addMessage(Buffer.from("lost"), false))).not.toThrow();
  await expect(store.sync()).rejects.toThrow(/ENOSPC/);
  expect(store.retryWrites()).toMatch(/ENOSPC/); // not due yet
  fixture.advance(1000);
  expect(store.retryWrites()).toMatch(/ENOSPC/); // due, and the disk is still full
  fixture.failWrites(undefined); // the fixture's clock moves on a second with it
  expect(store.retryWrites()).toBeUndefined();
  expect(store.failure).toBeUndefined();
  store.enqueue(1, store.addMessage(Buffer.from("after"), false));
  await store.close();
  const { store: next, state } = await open(fixture);
  expect(state.problems).toEqual([]);
  expect(await recoveredBodies(next, state, 1)).toEqual(["kept", "after"]);
});

test("without group commit every sync() does its own fdatasync", async () => {
  const fixture = fileStoreFixture({ groupCommit: false });
  fixtures.push(fixture);
  const { store } = await open(fixture);
  const before = store.stats.syncs;
  await Promise.all(
    Array.from({ length: 5 }, () => {
      store.enqueue(1, store.addMessage(Buffer.from("m"), false));
      return store.sync();
    }),
  );
  expect(store.stats.syncs - before).toBe(5);
});
