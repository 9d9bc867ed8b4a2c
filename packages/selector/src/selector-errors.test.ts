import { describe, expect, it } from "vitest";
import { MAX_NESTING } from "./parser";
import { parseSelector } from "./selector";
import { SelectorSyntaxError } from "./selector-syntax-error";

function syntaxError(selector: string): SelectorSyntaxError {
  try {
    parseSelector(selector);
  } catch (error) {
    if (error instanceof SelectorSyntaxError) return error;
    throw error;
  }
  throw new Error(`"${selector}" parsed`);
}

describe("[JMS 2.0 3.8.1] a selector that is not valid says where and what was expected", () => {
  it.each([
    ["", 0, "a condition", "the end of the selector"],
    ["i >", 3, 'an identifier, a literal or "("', "the end of the selector"],
    ["i = = 1", 4, 'an identifier, a literal or "("', '"="'],
    ["i = 1 = 2", 6, "AND, OR or the end of the selector", '"="'],
    ["i = 1 j = 2", 6, "AND, OR or the end of the selector", "the identifier j"],
    ["(i = 1", 6, '")" or an operator', "the end of the selector"],
    ["i = 1)", 5, "AND, OR or the end of the selector", '")"'],
    ["5", 0, "a condition (a comparison, a boolean identifier, TRUE or FALSE)", "the number 5"],
    ["'yes'", 0, "a condition (a comparison, a boolean identifier, TRUE or FALSE)", "the string 'yes'"],
    [
      "i + 1",
      0,
      "a condition (a comparison, a boolean identifier, TRUE or FALSE)",
      "an arithmetic expression",
    ],
    ["i = 1 AND 2", 10, "a condition (a comparison, a boolean identifier, TRUE or FALSE)", "the number 2"],
    ["NOT 'x'", 4, "a condition (a comparison, a boolean identifier, TRUE or FALSE)", "the string 'x'"],
    ["'a' + 1 > 2", 0, "a number on the left of +", "the string 'a'"],
    ["i * TRUE = 1", 4, "a number on the right of *", "the keyword TRUE"],
    ["-'a' = 1", 1, "a number after unary -", "the string 'a'"],
    ["s < 'b'", 4, "a number on the right of <", "the string 'b'"],
    ["'a' BETWEEN 1 AND 2", 0, "a number before BETWEEN", "the string 'a'"],
    ["i BETWEEN 1 OR 2", 12, "AND between the bounds of BETWEEN", "the keyword OR"],
    ["i BETWEEN 'a' AND 2", 10, "a number after BETWEEN", "the string 'a'"],
    ["i LIKE 3", 7, "a string literal pattern after LIKE", "the number 3"],
    ["i + 1 LIKE 'a'", 0, "an identifier before LIKE", "an arithmetic expression"],
    ["s LIKE 'a' ESCAPE 'ab'", 18, "exactly one character as the ESCAPE character", "the string 'ab'"],
    ["s LIKE 'a' ESCAPE x", 18, "a one-character string literal after ESCAPE", "the identifier x"],
    ["s LIKE 'a!' ESCAPE '!'", 7, "a character after the escape character", "the pattern 'a!'"],
    ["s IN ()", 6, "a string literal in the IN list", '")"'],
    ["s IN ('a', 1)", 11, "a string literal in the IN list", "the number 1"],
    ["s IN 'a'", 5, '"(" to open the IN list', "the string 'a'"],
    ["s IN ('a' 'b')", 10, '"," or ")" in the IN list', "the string 'b'"],
    ["'a' IS NULL", 0, "an identifier before IS NULL", "the string 'a'"],
    ["s IS 1", 5, "NULL or NOT NULL after IS", "the number 1"],
    ["s IS NOT 1", 9, "NULL after IS NOT", "the number 1"],
    [
      "s = NULL",
      4,
      'an identifier, a literal or "(" (NULL only appears in IS [NOT] NULL)',
      "the keyword NULL",
    ],
    ["s NOT = 1", 2, "AND, OR or the end of the selector", "the keyword NOT"],
    ["AND = 1", 0, 'an identifier, a literal or "("', "the keyword AND"],
    [
      "i = 9223372036854775808",
      4,
      "an exact numeric literal within the range of a long",
      "9223372036854775808",
    ],
    [
      "i = -9223372036854775809",
      4,
      "an exact numeric literal within the range of a long",
      "-9223372036854775809",
    ],
  ])("%j", (selector, position, expected, found) => {
    const error = syntaxError(selector);
    expect(error.selector).toBe(selector);
    expect(error.position).toBe(position);
    expect(error.expected).toContain(expected);
    expect(error.found).toBe(found);
    expect(error.message).toBe(
      `invalid selector at column ${position + 1}: expected ${error.expected} but found ${found} in "${selector}"`,
    );
  });

  it(`refuses nesting deeper than ${MAX_NESTING} instead of overflowing the stack`, () => {
    const deep = `${"(".repeat(MAX_NESTING + 1)}b${")".repeat(MAX_NESTING + 1)}`;
    expect(syntaxError(deep).expected).toBe(`at most ${MAX_NESTING} levels of nesting`);
    expect(syntaxError(`${"NOT ".repeat(MAX_NESTING + 1)}b`).expected).toBe(
      `at most ${MAX_NESTING} levels of nesting`,
    );
    expect(syntaxError(`${"- ".repeat(MAX_NESTING + 1)}i = 1`).expected).toBe(
      `at most ${MAX_NESTING} levels of nesting`,
    );
    const fine = `${"(".repeat(MAX_NESTING)}b${")".repeat(MAX_NESTING)}`;
    expect(parseSelector(fine).evaluate(() => true)).toBe(true);
  });
});
