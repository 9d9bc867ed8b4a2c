import type { IdentifierLookup, Value } from "./selector-value";

/** What a parsed expression is known to produce before any message is seen. */
export type StaticType = "boolean" | "numeric" | "string" | "unknown";

/** A parsed (sub)expression, compiled to a closure so that evaluating it walks no tree. */
export interface Expression {
  readonly type: StaticType;
  /** 0-based offset where it starts in the selector, for error messages. */
  readonly start: number;
  /** The expression in words, for "found ..." in error messages. */
  readonly description: string;
  /** Set when the expression is a bare identifier. */
  readonly identifier?: string;
  readonly evaluate: (lookup: IdentifierLookup) => Value;
}
