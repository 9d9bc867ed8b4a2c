import type { BrokerLogger } from "../logger";
import type { Clock } from "../queues/clock";
import { parseCatalog } from "./catalog";
import type { MessageStore, RecoveredState } from "./message-store";
import { Persistence } from "./persistence";

/** What a broker with a data directory starts from. */
export interface OpenedPersistence {
  readonly persistence: Persistence;
  readonly recovered: RecoveredState;
}

/**
 * Opens (and locks) the store and reads back what the last run left, logging what recovery had to skip.
 * @throws StoreLockedError when another broker uses the directory; StoreError when it cannot be opened.
 */
export async function openPersistence({
  store,
  memoryLimitBytes,
  logger,
  clock,
}: {
  store: MessageStore;
  memoryLimitBytes: number;
  logger: BrokerLogger;
  clock: Clock;
}): Promise<OpenedPersistence> {
  const started = Date.now();
  const recovered = await store.open();
  for (const problem of recovered.problems) logger.warn(`store recovery: ${problem}`);
  let catalog;
  try {
    catalog = parseCatalog(recovered.catalog);
  } catch (error) {
    await store.close();
    throw error;
  }
  const messages = [...recovered.queues.values()].reduce((sum, list) => sum + list.length, 0);
  logger.info(
    `${store.kind} store: ${catalog.queues.length} durable queues, ${messages} messages recovered in ${Date.now() - started} ms`,
  );
  const persistence = new Persistence(store, catalog, {
    memoryLimitBytes,
    logger,
    now: () => clock.now(),
  });
  return { persistence, recovered };
}
