import { parse } from "./parser";
import type { IdentifierLookup } from "./selector-value";

/** A parsed JMS message selector [JMS 2.0 3.8.1], ready to evaluate against any number of messages. */
export interface Selector {
  /** The selector as written. */
  readonly text: string;
  /** Every identifier the selector reads (header fields and property names). */
  readonly identifiers: ReadonlySet<string>;
  /** True when the selector selects the message: its condition is true, not false or unknown. */
  matches(lookup: IdentifierLookup): boolean;
  /** The condition's three-valued result: true, false, or null for unknown [JMS 2.0 3.8.1.2]. Never throws. */
  evaluate(lookup: IdentifierLookup): boolean | null;
}

/**
 * Parses a JMS message selector. Parse once, evaluate per message.
 * @throws SelectorSyntaxError with the position and what was expected there.
 */
export function parseSelector(text: string): Selector {
  const { condition, identifiers } = parse(text);
  const run = condition.evaluate;
  const evaluate = (lookup: IdentifierLookup): boolean | null => {
    try {
      const value = run(lookup);
      return typeof value === "boolean" ? value : null;
    } catch {
      // Only a throwing lookup gets here: the message cannot be judged, so it is not selected.
      return null;
    }
  };
  return { text, identifiers, evaluate, matches: (lookup) => evaluate(lookup) === true };
}
