import { amqp, encodeMessage } from "@jms-ts/codec";
import { describe, expect, it } from "vitest";
import { FakeConsumer } from "../queues/queue-fixtures";
import type { QueuedMessage } from "../queues/queued-message";
import { parsePublishedMessage } from "../routing/published-message";
import { VirtualHost } from "../routing/virtual-host";
import { parseCatalog } from "./catalog";
import { MemoryMessageStore } from "./memory-message-store";
import { MemoryVolume } from "./memory-volume";
import { Persistence } from "./persistence";

const PUBLISHER = {};

function message(text: string, durable = true) {
  const bytes = encodeMessage({ header: { durable }, body: { kind: "value", value: amqp.string(text) } });
  return parsePublishedMessage(bytes, PUBLISHER, 0);
}

/** A virtual host over a store on `volume`, recovered from what the volume holds (a "restart"). */
async function start(volume: MemoryVolume, declare: (host: VirtualHost) => void = () => undefined) {
  const store = new MemoryMessageStore(volume);
  const recovered = await store.open();
  const logged: string[] = [];
  const logger = {
    info: () => undefined,
    warn: (l: string) => logged.push(l),
    error: (l: string) => logged.push(l),
  };
  const persistence = new Persistence(store, parseCatalog(recovered.catalog), {
    memoryLimitBytes: 1024 * 1024,
    logger,
    now: () => 0,
  });
  const host = new VirtualHost({ persistence });
  persistence.recover(host, recovered, () => declare(host));
  return { host, persistence, logged, store };
}

/** Takes everything queue `name` holds (paged messages are read back asynchronously). */
async function drain(host: VirtualHost, name: string): Promise<QueuedMessage[]> {
  const consumer = new FakeConsumer("c", 1000);
  host.queue(name)?.addConsumer(consumer);
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
  return consumer.received;
}

const bodyOf = (queued: QueuedMessage) => queued.message.bytes.toString("latin1").slice(-3);

describe("Persistence", () => {
  it("recovers persistent messages of durable queues only, with their delivery counts", async () => {
    const volume = new MemoryVolume();
    const first = await start(volume, (host) => {
      host.declareQueue("kept", { durable: true });
      host.declareQueue("temp");
    });
    first.persistence.atomically(() =>
      first.host.publish({ queue: first.host.queue("kept")! }, message("one")),
    );
    first.host.publish({ queue: first.host.queue("kept")! }, message("two", false));
    first.host.publish({ queue: first.host.queue("temp")! }, message("tmp"));
    const seen = new FakeConsumer("seen", 1);
    first.host.queue("kept")?.addConsumer(seen); // delivered once, never settled
    await first.persistence.sync();

    const second = await start(volume);
    expect(second.host.queueNames()).toEqual(["kept"]);
    const back = await drain(second.host, "kept");
    expect(back.map(bodyOf)).toEqual(["one"]);
    expect(back[0]?.deliveryCount).toBe(1);
  });

  it("drops the records of a queue deleted before the restart", async () => {
    const volume = new MemoryVolume();
    const first = await start(volume, (host) => host.declareQueue("gone", { durable: true }));
    first.host.publish({ queue: first.host.queue("gone")! }, message("old"));
    first.host.deleteQueue("gone");
    first.host.declareQueue("gone", { durable: true }); // a new queue of the same name: a new id
    await first.persistence.sync();
    const second = await start(volume);
    expect(second.host.queue("gone")?.depth).toBe(0);
  });

  it("keeps a dead-lettered message in memory when the store fails, instead of stopping the queue", async () => {
    const volume = new MemoryVolume();
    const { host, logged } = await start(volume, (h) => {
      h.declareQueue("dlq", { durable: true });
      h.declareQueue("work", { durable: true, deadLetterQueue: "dlq" });
    });
    host.publish({ queue: host.queue("work")! }, message("bad"));
    const consumer = new FakeConsumer("c", 1);
    host.queue("work")?.addConsumer(consumer);
    volume.failWrites("no space left on device");
    expect(() => host.queue("work")?.settle(consumer.received[0]!, "rejected")).not.toThrow();
    expect(host.queue("dlq")?.depth).toBe(1);
    expect(logged.some((line) => line.includes("kept in memory only"))).toBe(true);
  });

  it("logs a failing store once, however many publishes ask, and once when it writes again", async () => {
    const volume = new MemoryVolume();
    const { persistence, logged } = await start(volume);
    volume.failWrites("no space left on device");
    for (let i = 0; i < 5; i++) expect(persistence.failure).toBe("no space left on device");
    volume.failWrites(undefined);
    expect(persistence.failure).toBeUndefined();
    expect(logged).toEqual([
      "the store cannot write, refusing persistent messages: no space left on device",
      "the store writes again: persistent messages are taken",
    ]);
  });
});
