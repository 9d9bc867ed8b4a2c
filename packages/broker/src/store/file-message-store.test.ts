import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { fileStoreFixture, segmentPath, type FileStoreFixture } from "./file-store-fixture";
import { StoreError, StoreLockedError } from "./message-store";
import { describeMessageStoreContract } from "./message-store.contract";
import type { FileMessageStore } from "./file-message-store";

const fixtures: FileStoreFixture[] = [];
const stores: FileMessageStore[] = [];

function track(fixture: FileStoreFixture): FileStoreFixture {
  fixtures.push(fixture);
  return fixture;
}

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  for (const fixture of fixtures.splice(0)) fixture.remove();
});

describeMessageStoreContract("FileMessageStore", () => track(fileStoreFixture()));
describeMessageStoreContract("FileMessageStore, 200-byte segments", () =>
  track(fileStoreFixture({ segmentBytes: 200 })),
);

async function opened(fixture: FileStoreFixture, options = {}) {
  const store = fixture.open(options);
  stores.push(store);
  return { store, state: await store.open() };
}

describe("FileMessageStore on disk", () => {
  test("data directory is created with its parents; a file in the way is a clear StoreError", async () => {
    const fixture = track(fileStoreFixture());
    const nested = path.join(fixture.directory, "a", "b");
    const { store } = await opened(fixture, { directory: nested });
    expect(fs.existsSync(path.join(nested, "lock"))).toBe(true);
    await store.close();
    expect(fs.existsSync(path.join(nested, "lock"))).toBe(false);
    const file = path.join(fixture.directory, "plain-file");
    fs.writeFileSync(file, "x");
    const error = await fixture
      .open({ directory: file })
      .open()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toContain(`cannot use data directory ${file}`);
  });

  test("a corrupt catalog is an error naming the file, not a silent reset", async () => {
    const fixture = track(fileStoreFixture());
    fs.writeFileSync(path.join(fixture.directory, "catalog.json"), "{not json");
    await expect(fixture.open().open()).rejects.toThrow(
      `catalog ${path.join(fixture.directory, "catalog.json")} is corrupt`,
    );
    expect(fs.existsSync(path.join(fixture.directory, "lock"))).toBe(false);
  });

  test("a foreign file named like a segment is refused", async () => {
    const fixture = track(fileStoreFixture());
    fs.writeFileSync(segmentPath(fixture.directory, 1), "this is not a journal at all");
    await expect(fixture.open().open()).rejects.toThrow(/is not a jms-ts journal segment \(bad magic\)/);
  });

  test("a second broker on the directory gets StoreLockedError; a stale lock is taken over", async () => {
    const fixture = track(fileStoreFixture());
    const { store } = await opened(fixture);
    const lockFile = path.join(fixture.directory, "lock");
    await expect(fixture.open().open()).rejects.toThrow(StoreLockedError);
    await expect(fixture.open().open()).rejects.toThrow(
      `data directory ${fixture.directory} is in use by broker process ${process.pid} (lock file ${lockFile})`,
    );
    await store.close();
    const dead = spawnSync(process.execPath, ["-e", ""]).pid;
    fs.writeFileSync(lockFile, JSON.stringify({ pid: dead, hostname: os.hostname() }));
    const { state } = await opened(fixture);
    expect(state.problems).toEqual([`took over stale lock file ${lockFile} of dead process ${dead}`]);
  });

  test("a frame torn in the middle of an atomic batch recovers nothing of that batch", async () => {
    const fixture = track(fileStoreFixture());
    const { store } = await opened(fixture);
    store.enqueue(1, store.addMessage(Buffer.from("before"), false));
    await store.sync();
    const sizeBefore = store.sizeOnDisk;
    store.atomically(() => {
      for (const body of ["x1", "x2", "x3"]) store.enqueue(1, store.addMessage(Buffer.from(body), false));
    });
    await store.sync();
    await store.close();
    const file = segmentPath(fixture.directory, 1);
    const cut = sizeBefore + Math.floor((fs.statSync(file).size - sizeBefore) / 2);
    fs.truncateSync(file, cut);
    const { store: next, state } = await opened(fixture);
    const bodies = await Promise.all(
      (state.queues.get(1) ?? []).map(async ({ ref }) => String(await next.read(ref))),
    );
    expect(bodies).toEqual(["before"]);
    expect(state.problems).toEqual([
      `torn tail in ${file} at offset ${sizeBefore} (${cut - sizeBefore} bytes dropped)`,
    ]);
  });

  test("lockWaitMs: a second open waits for the first broker to let go", async () => {
    const fixture = track(fileStoreFixture());
    const { store } = await opened(fixture);
    const waiting = fixture.open({ lockWaitMs: 10_000 });
    stores.push(waiting);
    const second = waiting.open();
    await store.close();
    await expect(second).resolves.toMatchObject({ problems: [] });
  });

  test("a sync also fdatasyncs the segments rolled since the last sync", async () => {
    const fixture = track(fileStoreFixture());
    const synced: number[] = [];
    const { store } = await opened(fixture, {
      segmentBytes: 64,
      io: {
        fdatasync: (fd: number, callback: (error: NodeJS.ErrnoException | null) => void) => {
          synced.push(fd);
          fs.fdatasync(fd, callback);
        },
      },
    });
    for (const body of ["a", "b", "c"]) {
      store.atomically(() => store.enqueue(1, store.addMessage(Buffer.from(body.repeat(50)), false)));
    }
    expect(store.segments).toEqual([1, 2, 3]);
    await store.sync();
    expect(new Set(synced).size).toBe(3);
    expect(store.stats.syncs).toBe(1);
  });
});
