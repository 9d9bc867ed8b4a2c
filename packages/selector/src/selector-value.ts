/**
 * What an identifier names in a message, as the caller's lookup returns it: a string, a number (an
 * integral number counts as an exact numeric, any other as approximate), a bigint (a Java long), a boolean,
 * or null / undefined when the message has no such property (NULL in the selector [JMS 2.0 3.8.1.1]).
 */
export type SelectorValue = string | number | bigint | boolean | null | undefined;

/** Reads an identifier's value from the message being selected. */
export type IdentifierLookup = (identifier: string) => SelectorValue;

/** A selector expression's value while evaluating: NULL (unknown) is null. */
export type Value = string | number | bigint | boolean | null;
