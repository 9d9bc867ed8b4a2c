/** The selector's reserved words [JMS 2.0 3.8.1.1], matched case-insensitively. */
export type Keyword =
  "NOT" | "AND" | "OR" | "BETWEEN" | "LIKE" | "IN" | "IS" | "NULL" | "TRUE" | "FALSE" | "ESCAPE";

export type Symbol = "=" | "<>" | "<" | "<=" | ">" | ">=" | "+" | "-" | "*" | "/" | "(" | ")" | ",";

interface Span {
  /** 0-based offset of the first character. */
  readonly start: number;
}

export type Token = Span &
  (
    | { readonly kind: "string"; readonly value: string }
    /** An exact numeric literal; unsigned, so that -9223372036854775808 can be range-checked after negation. */
    | { readonly kind: "exact"; readonly value: bigint; readonly text: string }
    | { readonly kind: "approximate"; readonly value: number; readonly text: string }
    | { readonly kind: "identifier"; readonly name: string }
    | { readonly kind: "keyword"; readonly word: Keyword }
    | { readonly kind: "symbol"; readonly symbol: Symbol }
    | { readonly kind: "end" }
  );

/** A token in words, for "found ..." in error messages. */
export function describeToken(token: Token): string {
  switch (token.kind) {
    case "string":
      return `the string '${token.value.replaceAll("'", "''")}'`;
    case "exact":
    case "approximate":
      return `the number ${token.text}`;
    case "identifier":
      return `the identifier ${token.name}`;
    case "keyword":
      return `the keyword ${token.word}`;
    case "symbol":
      return `"${token.symbol}"`;
    case "end":
      return "the end of the selector";
  }
}
