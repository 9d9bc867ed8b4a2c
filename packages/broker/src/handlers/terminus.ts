/** The terminus fields the broker reads, as rhea decodes them [AMQP 3.5.3, 3.5.4]. */
export interface TerminusFields {
  address?: unknown;
  dynamic?: boolean;
  dynamic_node_properties?: unknown;
  capabilities?: unknown;
  /** Source only. */
  distribution_mode?: unknown;
  /** Source only: filter name -> described value. */
  filter?: Record<string, unknown> | null;
}

/** The capabilities as a list of strings (AMQP allows one symbol or an array). */
export function capabilityList(capabilities: unknown): string[] {
  if (typeof capabilities === "string") return [capabilities];
  return Array.isArray(capabilities) ? capabilities.filter((c) => typeof c === "string") : [];
}

/**
 * The terminus of an attach, or undefined when the peer sent none (rhea decodes an absent terminus as
 * null). A coordinator target reaches on-coordinator-open.ts instead, through rhea-patches'
 * coordinator-terminus.
 */
export function terminusOf(terminus: unknown): TerminusFields | undefined {
  if (terminus === null || typeof terminus !== "object") return undefined;
  if ("value" in terminus && terminus.value === null) return undefined;
  return terminus;
}
