import { expect, test } from "vitest";
import { MemoryMessageStore } from "./memory-message-store";
import { MemoryVolume } from "./memory-volume";
import { describeMessageStoreContract } from "./message-store.contract";

describeMessageStoreContract("MemoryMessageStore", () => {
  const volume = new MemoryVolume();
  return {
    open: () => new MemoryMessageStore(volume),
    failWrites: (reason) => volume.failWrites(reason),
  };
});

test("without group commit every sync() is its own sync", async () => {
  const store = new MemoryMessageStore(new MemoryVolume(), { groupCommit: false });
  await store.open();
  await Promise.all(Array.from({ length: 5 }, () => store.sync()));
  expect(store.stats.syncs).toBe(5);
  expect(store.sizeOnDisk).toBe(0);
});

test("a store handle is unusable before open and after close", async () => {
  const store = new MemoryMessageStore(new MemoryVolume());
  expect(() => store.addMessage(Buffer.from("x"), false)).toThrow(/not open/);
  await store.open();
  await store.close();
  expect(() => store.addMessage(Buffer.from("x"), false)).toThrow(/not open/);
});
