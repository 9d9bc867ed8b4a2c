import type { Expression, StaticType } from "./expression";
import { LikePatternError, likePattern } from "./like-pattern";
import { tokenize } from "./lexer";
import {
  type ArithmeticOperator,
  type ComparisonOperator,
  and3,
  arithmetic,
  compare,
  negate,
  normalizeExact,
  not3,
  or3,
} from "./operators";
import { SelectorSyntaxError } from "./selector-syntax-error";
import type { Value } from "./selector-value";
import { type Keyword, type Token, describeToken } from "./token";

const MAX_LONG = 2n ** 63n - 1n;
/** Parentheses, NOT and unary signs nest at most this deep: the parser recurses on them. */
export const MAX_NESTING = 256;
const COMPARISONS: ReadonlySet<string> = new Set(["=", "<>", "<", "<=", ">", ">="]);
const ORDERING: ReadonlySet<string> = new Set(["<", "<=", ">", ">="]);
const CONDITION = "a condition (a comparison, a boolean identifier, TRUE or FALSE)";

/** The result of parsing: the whole selector as one condition, and the identifiers it reads. */
export interface ParsedSelector {
  readonly condition: Expression;
  readonly identifiers: ReadonlySet<string>;
}

/**
 * Parses a selector [JMS 2.0 3.8.1] by recursive descent. Precedence, loosest first: OR; AND; NOT;
 * comparisons, BETWEEN, LIKE, IN, IS NULL; + and -; * and /; unary + and -.
 * @throws SelectorSyntaxError saying where and what was expected.
 */
export function parse(selector: string): ParsedSelector {
  return new Parser(selector).parseSelector();
}

class Parser {
  private readonly tokens: Token[];
  private index = 0;
  private depth = 0;
  private readonly identifiers = new Set<string>();

  constructor(private readonly selector: string) {
    this.tokens = tokenize(selector);
  }

  parseSelector(): ParsedSelector {
    if (this.peek().kind === "end") this.fail(CONDITION);
    const condition = this.condition(this.or());
    if (this.peek().kind !== "end") this.fail("AND, OR or the end of the selector");
    return { condition, identifiers: this.identifiers };
  }

  private or(): Expression {
    const first = this.and();
    if (!this.isKeyword("OR")) return first;
    const operands = [this.condition(first)];
    while (this.acceptKeyword("OR")) operands.push(this.condition(this.and()));
    return this.logical(first.start, "an OR expression", anyOf(operands.map((o) => o.evaluate)));
  }

  private and(): Expression {
    const first = this.not();
    if (!this.isKeyword("AND")) return first;
    const operands = [this.condition(first)];
    while (this.acceptKeyword("AND")) operands.push(this.condition(this.not()));
    return this.logical(first.start, "an AND expression", allOf(operands.map((o) => o.evaluate)));
  }

  private not(): Expression {
    const start = this.peek().start;
    if (!this.acceptKeyword("NOT")) return this.predicate();
    const operand = this.nested(() => this.condition(this.not()));
    return this.logical(start, "a NOT expression", (l) => not3(operand.evaluate(l)));
  }

  /** An arithmetic expression, possibly followed by one comparison or other predicate (they do not chain). */
  private predicate(): Expression {
    const left = this.additive();
    const token = this.peek();
    if (token.kind === "symbol" && COMPARISONS.has(token.symbol)) {
      this.index++;
      return this.comparison(token.symbol as ComparisonOperator, left, this.additive());
    }
    const negated = this.isKeyword("NOT") && this.isKeywordAt(this.index + 1, "BETWEEN", "LIKE", "IN");
    if (negated) this.index++;
    if (this.acceptKeyword("BETWEEN")) return this.between(left, negated);
    if (this.acceptKeyword("LIKE")) return this.like(left, negated);
    if (this.acceptKeyword("IN")) return this.in(left, negated);
    if (this.acceptKeyword("IS")) return this.isNull(left);
    return left;
  }

  private comparison(operator: ComparisonOperator, left: Expression, right: Expression): Expression {
    if (ORDERING.has(operator)) {
      this.numeric(left, `a number on the left of ${operator}`);
      this.numeric(right, `a number on the right of ${operator}`);
    }
    const l = left.evaluate;
    const r = right.evaluate;
    return this.logical(left.start, "a comparison", (lookup) => compare(operator, l(lookup), r(lookup)));
  }

  private between(value: Expression, negated: boolean): Expression {
    this.numeric(value, "a number before BETWEEN");
    const low = this.numeric(this.additive(), "a number after BETWEEN");
    this.expectKeyword("AND", "AND between the bounds of BETWEEN");
    const high = this.numeric(this.additive(), "a number after BETWEEN ... AND");
    const [v, lo, hi] = [value.evaluate, low.evaluate, high.evaluate];
    return this.logical(value.start, "a BETWEEN expression", (lookup) => {
      const x = v(lookup);
      const inRange = and3(compare(">=", x, lo(lookup)), compare("<=", x, hi(lookup)));
      return negated ? not3(inRange) : inRange;
    });
  }

  private like(value: Expression, negated: boolean): Expression {
    const name = this.identifierOf(value, "LIKE");
    const pattern = this.expectString("a string literal pattern after LIKE");
    let escape: string | undefined;
    if (this.acceptKeyword("ESCAPE")) {
      const escapeToken = this.peek();
      escape = this.expectString("a one-character string literal after ESCAPE").value;
      if ([...escape].length !== 1) this.fail("exactly one character as the ESCAPE character", escapeToken);
    }
    let regex: RegExp;
    try {
      regex = likePattern(pattern.value, escape);
    } catch (error) {
      if (!(error instanceof LikePatternError)) throw error;
      throw new SelectorSyntaxError(
        this.selector,
        pattern.start,
        error.expected,
        `the pattern '${pattern.value}'`,
      );
    }
    return this.logical(value.start, "a LIKE expression", (lookup) => {
      const x = lookup(name);
      if (typeof x !== "string") return null;
      return regex.test(x) !== negated;
    });
  }

  private in(value: Expression, negated: boolean): Expression {
    const name = this.identifierOf(value, "IN");
    this.expectSymbol("(", '"(" to open the IN list');
    const members = new Set<string>([this.expectString("a string literal in the IN list").value]);
    while (this.acceptSymbol(",")) members.add(this.expectString("a string literal in the IN list").value);
    this.expectSymbol(")", '"," or ")" in the IN list');
    return this.logical(value.start, "an IN expression", (lookup) => {
      const x = lookup(name);
      if (typeof x !== "string") return null;
      return members.has(x) !== negated;
    });
  }

  private isNull(value: Expression): Expression {
    const name = this.identifierOf(value, "IS NULL");
    const negated = this.acceptKeyword("NOT");
    this.expectKeyword("NULL", negated ? "NULL after IS NOT" : "NULL or NOT NULL after IS");
    return this.logical(value.start, "an IS NULL expression", (lookup) => {
      return (plain(lookup(name)) === null) !== negated;
    });
  }

  private additive(): Expression {
    let left = this.multiplicative();
    for (let token = this.peek(); this.isSymbol(token, "+", "-"); token = this.peek()) {
      this.index++;
      left = this.arithmetic(token.symbol as ArithmeticOperator, left, this.multiplicative());
    }
    return left;
  }

  private multiplicative(): Expression {
    let left = this.unary();
    for (let token = this.peek(); this.isSymbol(token, "*", "/"); token = this.peek()) {
      this.index++;
      left = this.arithmetic(token.symbol as ArithmeticOperator, left, this.unary());
    }
    return left;
  }

  private arithmetic(operator: ArithmeticOperator, left: Expression, right: Expression): Expression {
    this.numeric(left, `a number on the left of ${operator}`);
    this.numeric(right, `a number on the right of ${operator}`);
    const [l, r] = [left.evaluate, right.evaluate];
    return {
      type: "numeric",
      start: left.start,
      description: "an arithmetic expression",
      evaluate: (lookup) => arithmetic(operator, l(lookup), r(lookup)),
    };
  }

  private unary(): Expression {
    const token = this.peek();
    if (!this.isSymbol(token, "+", "-")) return this.primary();
    this.index++;
    const next = this.peek();
    if (token.symbol === "-" && next.kind === "exact") {
      this.index++;
      return this.exactLiteral(-next.value, token.start, `-${next.text}`);
    }
    const operand = this.nested(() => this.numeric(this.unary(), `a number after unary ${token.symbol}`));
    const evaluate = operand.evaluate;
    return {
      type: "numeric",
      start: token.start,
      description: "an arithmetic expression",
      evaluate:
        token.symbol === "-"
          ? (lookup) => negate(evaluate(lookup))
          : (lookup) => {
              const value = evaluate(lookup);
              return typeof value === "number" || typeof value === "bigint" ? value : null;
            },
    };
  }

  private primary(): Expression {
    const token = this.peek();
    this.index++;
    switch (token.kind) {
      case "string":
        return this.literal("string", token.start, describeToken(token), token.value);
      case "exact":
        return this.exactLiteral(token.value, token.start, token.text);
      case "approximate":
        return this.literal("numeric", token.start, describeToken(token), token.value);
      case "identifier": {
        const name = token.name;
        this.identifiers.add(name);
        return {
          type: "unknown",
          start: token.start,
          description: describeToken(token),
          identifier: name,
          evaluate: (lookup) => plain(lookup(name)),
        };
      }
      case "keyword":
        if (token.word === "TRUE" || token.word === "FALSE") {
          return this.literal("boolean", token.start, describeToken(token), token.word === "TRUE");
        }
        break;
      case "symbol":
        if (token.symbol === "(") {
          const inner = this.nested(() => this.or());
          this.expectSymbol(")", '")" or an operator');
          return inner;
        }
    }
    this.index--;
    const hint =
      token.kind === "keyword" && token.word === "NULL" ? " (NULL only appears in IS [NOT] NULL)" : "";
    return this.fail(`an identifier, a literal or "("${hint}`);
  }

  private exactLiteral(value: bigint, start: number, text: string): Expression {
    if (value > MAX_LONG || value < -MAX_LONG - 1n) {
      throw new SelectorSyntaxError(
        this.selector,
        start,
        "an exact numeric literal within the range of a long",
        text,
      );
    }
    return this.literal("numeric", start, `the number ${text}`, normalizeExact(value));
  }

  private literal(type: StaticType, start: number, description: string, value: Value): Expression {
    return { type, start, description, evaluate: () => value };
  }

  private logical(start: number, description: string, evaluate: Evaluator): Expression {
    return { type: "boolean", start, description, evaluate };
  }

  private condition(expression: Expression): Expression {
    if (expression.type === "boolean" || expression.type === "unknown") return expression;
    throw new SelectorSyntaxError(this.selector, expression.start, CONDITION, expression.description);
  }

  private numeric(expression: Expression, expected: string): Expression {
    if (expression.type === "numeric" || expression.type === "unknown") return expression;
    throw new SelectorSyntaxError(this.selector, expression.start, expected, expression.description);
  }

  private identifierOf(expression: Expression, operator: string): string {
    if (expression.identifier !== undefined) return expression.identifier;
    throw new SelectorSyntaxError(
      this.selector,
      expression.start,
      `an identifier before ${operator}`,
      expression.description,
    );
  }

  private nested<T>(parse: () => T): T {
    if (++this.depth > MAX_NESTING) this.fail(`at most ${MAX_NESTING} levels of nesting`);
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private peek(): Token {
    return this.tokens[this.index] as Token;
  }

  private isSymbol(token: Token, ...symbols: string[]): token is Token & { kind: "symbol" } {
    return token.kind === "symbol" && symbols.includes(token.symbol);
  }

  private isKeyword(word: Keyword): boolean {
    return this.isKeywordAt(this.index, word);
  }

  private isKeywordAt(index: number, ...words: Keyword[]): boolean {
    const token = this.tokens[index];
    return token?.kind === "keyword" && words.includes(token.word);
  }

  private acceptKeyword(word: Keyword): boolean {
    if (!this.isKeyword(word)) return false;
    this.index++;
    return true;
  }

  private acceptSymbol(symbol: string): boolean {
    if (!this.isSymbol(this.peek(), symbol)) return false;
    this.index++;
    return true;
  }

  private expectKeyword(word: Keyword, expected: string): void {
    if (!this.acceptKeyword(word)) this.fail(expected);
  }

  private expectSymbol(symbol: string, expected: string): void {
    if (!this.acceptSymbol(symbol)) this.fail(expected);
  }

  private expectString(expected: string): { value: string; start: number } {
    const token = this.peek();
    if (token.kind !== "string") return this.fail(expected);
    this.index++;
    return token;
  }

  private fail(expected: string, token = this.peek()): never {
    throw new SelectorSyntaxError(this.selector, token.start, expected, describeToken(token));
  }
}

type Evaluator = Expression["evaluate"];

/** AND over n operands, stopping at the first false [JMS 2.0 3.8.1.2 AND truth table]. */
function allOf(operands: readonly Evaluator[]): Evaluator {
  return (lookup) => {
    let result: Value = true;
    for (const operand of operands) {
      result = and3(result, operand(lookup));
      if (result === false) return false;
    }
    return result;
  };
}

/** OR over n operands, stopping at the first true [JMS 2.0 3.8.1.2 OR truth table]. */
function anyOf(operands: readonly Evaluator[]): Evaluator {
  return (lookup) => {
    let result: Value = false;
    for (const operand of operands) {
      result = or3(result, operand(lookup));
      if (result === true) return true;
    }
    return result;
  };
}

/** A lookup result as an expression value: anything that is not a selector type counts as NULL. */
function plain(value: unknown): Value {
  switch (typeof value) {
    case "string":
    case "number":
    case "bigint":
    case "boolean":
      return value;
    default:
      return null;
  }
}
