import { IDENTIFIER_PART, IDENTIFIER_START, RESERVED_WORDS } from "./identifier";
import { SelectorSyntaxError } from "./selector-syntax-error";
import type { Keyword, Symbol, Token } from "./token";

const DIGITS = /[0-9]*/y;
const HEX_DIGITS = /[0-9a-fA-F]*/y;
const EXPONENT = /[eE][+-]?[0-9]+/y;
/** Longest symbols first, so that "<=" is not read as "<" then "=". */
const SYMBOLS: readonly Symbol[] = ["<>", "<=", ">=", "=", "<", ">", "+", "-", "*", "/", "(", ")", ","];

/**
 * Splits a selector into tokens, ending with an `end` token.
 * @throws SelectorSyntaxError for an unterminated string or quoted identifier, a malformed number, or a
 * character that cannot start a token.
 */
export function tokenize(selector: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (true) {
    while (at < selector.length && /\s/.test(selector[at] as string)) at++;
    if (at >= selector.length) {
      tokens.push({ kind: "end", start: at });
      return tokens;
    }
    const token = readToken(selector, at);
    tokens.push(token.token);
    at = token.end;
  }
}

function readToken(selector: string, start: number): { token: Token; end: number } {
  const c = selector[start] as string;
  if (c === "'") return readString(selector, start);
  if (c === '"') return readQuotedIdentifier(selector, start);
  if (isDigit(c) || (c === "." && isDigit(selector[start + 1]))) return readNumber(selector, start);
  const codePoint = String.fromCodePoint(selector.codePointAt(start) as number);
  if (IDENTIFIER_START.test(codePoint)) return readWord(selector, start);
  const symbol = SYMBOLS.find((s) => selector.startsWith(s, start));
  if (symbol) return { token: { kind: "symbol", symbol, start }, end: start + symbol.length };
  throw new SelectorSyntaxError(
    selector,
    start,
    "an identifier, literal, operator or parenthesis",
    `"${codePoint}"`,
  );
}

/** 'text' with '' for a quote inside [JMS 2.0 3.8.1.1 string literal]. */
function readString(selector: string, start: number): { token: Token; end: number } {
  const { text, end } = readQuoted(selector, start, "'", "a closing quote (') for the string");
  return { token: { kind: "string", value: text, start }, end };
}

/** "name" with "" for a quote inside: an identifier that may hold any character or be a reserved word. */
function readQuotedIdentifier(selector: string, start: number): { token: Token; end: number } {
  const { text, end } = readQuoted(selector, start, '"', 'a closing double quote (") for the identifier');
  if (text.length === 0)
    throw new SelectorSyntaxError(selector, start, "a name inside the double quotes", '""');
  return { token: { kind: "identifier", name: text, start }, end };
}

function readQuoted(selector: string, start: number, quote: string, expected: string) {
  let text = "";
  let at = start + 1;
  while (true) {
    const next = selector.indexOf(quote, at);
    if (next < 0)
      throw new SelectorSyntaxError(selector, selector.length, expected, "the end of the selector");
    text += selector.slice(at, next);
    if (selector[next + 1] !== quote) return { text, end: next + 1 };
    text += quote;
    at = next + 2;
  }
}

function readWord(selector: string, start: number): { token: Token; end: number } {
  let end = start;
  for (const c of selector.slice(start)) {
    if (!IDENTIFIER_PART.test(c)) break;
    end += c.length;
  }
  const word = selector.slice(start, end);
  const upper = word.toUpperCase();
  if (RESERVED_WORDS.has(upper)) return { token: { kind: "keyword", word: upper as Keyword, start }, end };
  return { token: { kind: "identifier", name: word, start }, end };
}

/**
 * Exact numerics: decimal, hexadecimal (0x1F) or octal (017), optionally L-suffixed; approximate numerics:
 * a decimal point and/or an exponent, optionally F- or D-suffixed (Java literal syntax).
 */
function readNumber(selector: string, start: number): { token: Token; end: number } {
  if (selector[start] === "0" && (selector[start + 1] === "x" || selector[start + 1] === "X")) {
    const digitsEnd = match(HEX_DIGITS, selector, start + 2);
    if (digitsEnd === start + 2) {
      throw new SelectorSyntaxError(
        selector,
        digitsEnd,
        "hexadecimal digits after 0x",
        describeAt(selector, digitsEnd),
      );
    }
    return exact(selector, start, digitsEnd, BigInt(selector.slice(start, digitsEnd)));
  }
  const integerEnd = match(DIGITS, selector, start);
  let end = integerEnd;
  let approximate = false;
  if (selector[end] === ".") {
    approximate = true;
    end = match(DIGITS, selector, end + 1);
  }
  const exponentEnd = match(EXPONENT, selector, end);
  if (exponentEnd > end) {
    approximate = true;
    end = exponentEnd;
  }
  const suffix = selector[end];
  if (suffix === "f" || suffix === "F" || suffix === "d" || suffix === "D") {
    end++;
    approximate = true;
  }
  if (approximate) {
    const text = selector.slice(start, end);
    const value = Number(text.replace(/[fFdD]$/, ""));
    return { token: { kind: "approximate", value, text, start }, end: checkFollower(selector, end) };
  }
  const digits = selector.slice(start, integerEnd);
  if (digits.length > 1 && digits.startsWith("0")) {
    const bad = [...digits].findIndex((d) => d > "7");
    if (bad >= 0)
      throw new SelectorSyntaxError(selector, start + bad, "an octal digit (0-7)", `"${digits[bad]}"`);
    return exact(selector, start, integerEnd, BigInt(`0o${digits.slice(1)}`));
  }
  return exact(selector, start, integerEnd, BigInt(digits));
}

function exact(
  selector: string,
  start: number,
  digitsEnd: number,
  value: bigint,
): { token: Token; end: number } {
  const end = selector[digitsEnd] === "l" || selector[digitsEnd] === "L" ? digitsEnd + 1 : digitsEnd;
  const text = selector.slice(start, end);
  return { token: { kind: "exact", value, text, start }, end: checkFollower(selector, end) };
}

/** A number must not run straight into a letter or digit ("12abc", "0x1G"). */
function checkFollower(selector: string, end: number): number {
  const next = selector.codePointAt(end);
  if (next !== undefined && (IDENTIFIER_PART.test(String.fromCodePoint(next)) || next === 0x2e)) {
    throw new SelectorSyntaxError(
      selector,
      end,
      "an operator, space or parenthesis after the number",
      describeAt(selector, end),
    );
  }
  return end;
}

function match(pattern: RegExp, selector: string, at: number): number {
  pattern.lastIndex = at;
  return pattern.exec(selector) ? pattern.lastIndex : at;
}

function describeAt(selector: string, at: number): string {
  const c = selector.codePointAt(at);
  return c === undefined ? "the end of the selector" : `"${String.fromCodePoint(c)}"`;
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= "0" && c <= "9";
}
