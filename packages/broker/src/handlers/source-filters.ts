import { AddressError } from "../addressing/address-resolver";
import { MessageSelector } from "../routing/message-selector";
import { BindingFilter, NoLocalFilter, SelectorFilter } from "../transport/amqp-symbols";

type FilterEntry = [key: string, value: unknown];

/**
 * The entry of a source filter set that asks for no-local [qpid-jms 2.1]: the filter value's descriptor
 * is `apache.org:no-local-filter:list` (Qpid JMS sends it as the ulong 0x468C00000003, under the key
 * `no-local`). Returned so the attach reply can echo it [AMQP 3.5.3 filter].
 */
export function noLocalEntry(filter: unknown): { entry: FilterEntry } | undefined {
  const entry = findFilter(filter, [NoLocalFilter.code, NoLocalFilter.symbol, NoLocalFilter.legacySymbol]);
  return entry && { entry };
}

/**
 * A legacy binding filter (`apache.org:legacy-amqp-direct-binding:string` or `…-topic-binding:string`), whose
 * string value is the binding key of the subscription, as Broker-J reads it.
 */
export function bindingKeyEntry(filter: unknown): { entry: FilterEntry; key: string } | undefined {
  const entry = findFilter(filter, [
    BindingFilter.direct,
    BindingFilter.directCode,
    BindingFilter.topic,
    BindingFilter.topicCode,
  ]);
  const key = (entry?.[1] as { value?: unknown } | undefined)?.value;
  return entry && typeof key === "string" ? { entry, key } : undefined;
}

/**
 * The JMS selector of a source filter set [qpid-jms 2.1]: the entry whose descriptor is
 * `apache.org:selector-filter:string` (Qpid JMS sends the ulong 0x468C00000004 under the key
 * `jms-selector`; any key will do), parsed.
 * @throws AddressError invalid-field when the selector is not a string or not a valid selector.
 */
export function selectorEntry(
  filter: unknown,
): { entry: FilterEntry; selector: MessageSelector } | undefined {
  const entry = findFilter(filter, [SelectorFilter.code, SelectorFilter.symbol]);
  if (!entry) return undefined;
  const text = (entry[1] as { value?: unknown }).value;
  if (typeof text !== "string") {
    throw new AddressError("invalid-field", `the JMS selector filter "${entry[0]}" must hold a string`);
  }
  try {
    return { entry, selector: new MessageSelector(text) };
  } catch (error) {
    // A SelectorSyntaxError already names the selector, the column and what was expected there.
    throw new AddressError(
      "invalid-field",
      error instanceof Error ? error.message : `invalid JMS selector "${text}"`,
    );
  }
}

function findFilter(filter: unknown, descriptors: readonly unknown[]): FilterEntry | undefined {
  if (!filter || typeof filter !== "object") return undefined;
  for (const [key, value] of Object.entries(filter)) {
    const descriptor = (value as { descriptor?: { value?: unknown } } | null)?.descriptor?.value;
    if (descriptors.includes(descriptor)) return [key, value];
  }
  return undefined;
}
