import { NoLocalFilter } from "../transport/amqp-symbols";

/**
 * The entry of a source filter set that asks for no-local [qpid-jms 2.1]: the filter value's descriptor
 * is `apache.org:no-local-filter:list` (Qpid JMS sends it as the ulong 0x468C00000003, under the key
 * `no-local`). Returns the entry so the attach reply can echo it [AMQP 3.5.3 filter], else undefined.
 */
export function noLocalEntry(filter: unknown): [string, unknown] | undefined {
  if (!filter || typeof filter !== "object") return undefined;
  for (const [key, value] of Object.entries(filter)) {
    const descriptor = (value as { descriptor?: { value?: unknown } } | null)?.descriptor?.value;
    if (
      descriptor === NoLocalFilter.code ||
      descriptor === NoLocalFilter.symbol ||
      descriptor === NoLocalFilter.legacySymbol
    ) {
      return [key, value];
    }
  }
  return undefined;
}
