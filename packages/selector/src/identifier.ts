// JMS identifiers [JMS 2.0 3.8.1.1]: the names a selector can use for properties, and therefore the
// names a message property may have. Java identifier rules, minus the selector's reserved words.

const RESERVED = new Set([
  "NULL",
  "TRUE",
  "FALSE",
  "NOT",
  "AND",
  "OR",
  "BETWEEN",
  "LIKE",
  "IN",
  "IS",
  "ESCAPE",
]);

/** Java's identifier start, one character: a letter, `$` or `_` (Unicode letters and letter numbers included). */
export const IDENTIFIER_START = /^[\p{L}\p{Nl}$_]$/u;
/** Java's identifier part, one character: the start characters, digits, combining marks and connectors. */
export const IDENTIFIER_PART = /^[\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}$_]$/u;

/** The selector keywords that cannot be identifiers, in upper case (matching is case-insensitive). */
export const RESERVED_WORDS: ReadonlySet<string> = RESERVED;

/**
 * True when `name` is a valid JMS identifier: non-empty, a Java identifier, and not one of the
 * reserved words NULL, TRUE, FALSE, NOT, AND, OR, BETWEEN, LIKE, IN, IS, ESCAPE (any case).
 */
export function isIdentifier(name: string): boolean {
  const characters = [...name];
  if (characters.length === 0 || !IDENTIFIER_START.test(characters[0] as string)) return false;
  if (!characters.every((c) => IDENTIFIER_PART.test(c))) return false;
  return !RESERVED.has(name.toUpperCase());
}
