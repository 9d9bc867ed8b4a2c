import { describe, expect, it } from "vitest";
import { parseSelector } from "./selector";
import type { SelectorValue } from "./selector-value";

/** One message: JMS headers and properties as a Qpid JMS consumer would read them. */
const MESSAGE: Record<string, SelectorValue> = {
  JMSType: "order",
  JMSPriority: 7,
  JMSDeliveryMode: "PERSISTENT",
  JMSCorrelationID: "corr-1",
  JMSMessageID: "ID:abc-1",
  JMSTimestamp: 1_700_000_000_000,
  JMSRedelivered: false,
  JMSXDeliveryCount: 1,
  JMSXGroupID: "g1",
  i: 3,
  neg: -5,
  l: 30n,
  big: 2n ** 40n,
  d: 3.5,
  s: "cherry",
  pct: "50%",
  under: "a_b",
  b: true,
  f: false,
  empty: "",
  "my prop": "spaced",
};

function evaluate(selector: string, message = MESSAGE): boolean | null {
  return parseSelector(selector).evaluate((name) => message[name]);
}

// Every production of [JMS 2.0 3.8.1], each with a selector that is true, false and (where the rule allows
// it) unknown on MESSAGE.
describe("[JMS 2.0 3.8.1] grammar", () => {
  it.each([
    // literals
    ["string literal", "s = 'cherry'", true],
    ["string literal with a doubled quote", "'it''s' = 'it''s'", true],
    ["exact numeric literal", "i = 3", true],
    ["negative exact literal", "neg = -5", true],
    ["L-suffixed long literal", "l = 30L", true],
    ["hexadecimal literal", "i = 0x3", true],
    ["octal literal", "l = 036", true],
    ["smallest long literal", "-9223372036854775808 < neg", true],
    ["largest long literal", "9223372036854775807 > big", true],
    ["approximate literal with exponent", "d = 35E-1", true],
    ["approximate literal with a point", "d = 3.5", true],
    ["approximate literal starting with a point", "d > .5", true],
    ["approximate literal with an F suffix", "d = 3.5F", true],
    ["boolean literal TRUE", "b = TRUE", true],
    ["boolean literal FALSE", "f = FALSE", true],
    ["lower-case boolean literal", "b = true", true],
    // identifiers
    ["boolean identifier as a condition", "b", true],
    ["false boolean identifier as a condition", "f", false],
    ["missing identifier as a condition", "nothing", null],
    ["non-boolean identifier as a condition", "s", null],
    ["quoted identifier", "\"my prop\" = 'spaced'", true],
    ["identifiers are case-sensitive", "S = 'cherry'", null],
    ["TRUE as a condition", "TRUE", true],
    ["FALSE as a condition", "FALSE", false],
    // JMS header identifiers
    ["JMSType", "JMSType = 'order'", true],
    ["JMSPriority", "JMSPriority > 4", true],
    ["JMSDeliveryMode", "JMSDeliveryMode = 'PERSISTENT'", true],
    ["JMSCorrelationID", "JMSCorrelationID LIKE 'corr-%'", true],
    ["JMSMessageID", "JMSMessageID = 'ID:abc-1'", true],
    ["JMSTimestamp", "JMSTimestamp > 1600000000000", true],
    ["JMSRedelivered", "JMSRedelivered = FALSE", true],
    ["JMSXDeliveryCount", "JMSXDeliveryCount = 1", true],
    ["JMSXGroupID", "JMSXGroupID IN ('g1', 'g2')", true],
    // comparison operators
    ["=", "i = 3", true],
    ["<>", "i <> 3", false],
    ["<", "i < 4", true],
    ["<=", "i <= 3", true],
    [">", "i > 3", false],
    [">=", "i >= 3", true],
    ["string =", "s = 'apple'", false],
    ["string <>", "s <> 'apple'", true],
    ["boolean <>", "b <> f", true],
    ["exact against approximate", "i < d", true],
    ["int against long", "l = i * 10", true],
    ["string against number is false", "s = 3", false],
    ["string against number with <> is false", "s <> 3", false],
    ["boolean against string is false", "b = 'true'", false],
    ["ordering strings is false", "s > s", false],
    ["parenthesised condition compared to a boolean", "(i > 1) = TRUE", true],
    // arithmetic
    ["+", "i + 1 = 4", true],
    ["-", "i - 1 = 2", true],
    ["*", "i * 2 = 6", true],
    ["/ on exact values truncates", "i / 2 = 1", true],
    ["/ on an approximate value does not", "d / 2 = 1.75", true],
    ["* before +", "1 + i * 2 = 7", true],
    ["parentheses", "(1 + i) * 2 = 8", true],
    ["unary minus", "-i = -3", true],
    ["unary plus", "+i = 3", true],
    ["double unary minus", "- -i = 3", true],
    ["left-associative -", "10 - 3 - 2 = 5", true],
    ["left-associative /", "12 / 3 / 2 = 2", true],
    [
      "long arithmetic beyond 2^53 stays exact",
      "big * 65536 = 72057594037927936 AND big * 65536 <> 72057594037927937",
      true,
    ],
    ["long multiplication wraps like Java", "big * big = 0", true],
    ["long overflow wraps like Java", "9223372036854775807 + 1 = -9223372036854775808", true],
    ["exact division by zero is unknown", "i / 0 = 1", null],
    ["approximate division by zero is infinite", "d / 0 > 1E300", true],
    ["arithmetic on a missing identifier is unknown", "nothing + 1 = 1", null],
    ["arithmetic on a string value is unknown", "s + 1 = 1", null],
    // BETWEEN
    ["BETWEEN inside", "i BETWEEN 1 AND 3", true],
    ["BETWEEN outside", "i BETWEEN 4 AND 9", false],
    ["BETWEEN with expressions", "i * 2 BETWEEN i + 2 AND i + 3", true],
    ["NOT BETWEEN", "i NOT BETWEEN 4 AND 9", true],
    ["BETWEEN on a missing identifier", "nothing BETWEEN 1 AND 2", null],
    ["NOT BETWEEN on a missing identifier", "nothing NOT BETWEEN 1 AND 2", null],
    ["BETWEEN a missing bound and a failing one", "i BETWEEN nothing AND 2", false],
    // IN
    ["IN", "s IN ('apple', 'cherry')", true],
    ["IN single", "s IN ('apple')", false],
    ["NOT IN", "s NOT IN ('apple', 'pear')", true],
    ["IN on a missing identifier", "nothing IN ('a')", null],
    ["NOT IN on a missing identifier", "nothing NOT IN ('a')", null],
    ["IN on a number", "i IN ('3')", null],
    ["IN empty string", "empty IN ('')", true],
    // LIKE
    ["LIKE %", "s LIKE 'ch%'", true],
    ["LIKE % matches nothing too", "s LIKE 'cherry%'", true],
    ["LIKE _", "s LIKE 'c_erry'", true],
    ["LIKE _ needs exactly one", "s LIKE 'c_rry'", false],
    ["LIKE is case-sensitive", "s LIKE 'CH%'", false],
    ["LIKE matches the whole value", "s LIKE 'herr'", false],
    ["LIKE ESCAPE %", "pct LIKE '50!%' ESCAPE '!'", true],
    ["LIKE ESCAPE _", "under LIKE 'a\\_b' ESCAPE '\\'", true],
    ["LIKE escaped _ is literal", "s LIKE 'cherr\\_' ESCAPE '\\'", false],
    ["LIKE regex characters are literal", "pct LIKE '5.%'", false],
    ["NOT LIKE", "s NOT LIKE 'a%'", true],
    ["LIKE on a missing identifier", "nothing LIKE 'a%'", null],
    ["NOT LIKE on a missing identifier", "nothing NOT LIKE 'a%'", null],
    ["LIKE on a number", "i LIKE '3'", null],
    // IS NULL
    ["IS NULL on a missing identifier", "nothing IS NULL", true],
    ["IS NULL on a present identifier", "s IS NULL", false],
    ["IS NOT NULL", "s IS NOT NULL", true],
    ["IS NOT NULL on a missing identifier", "nothing IS NOT NULL", false],
    ["IS NULL on an empty string", "empty IS NULL", false],
    // logical operators and precedence
    ["AND", "i = 3 AND s = 'cherry'", true],
    ["OR", "i = 4 OR s = 'cherry'", true],
    ["NOT", "NOT i = 4", true],
    ["NOT binds tighter than AND", "NOT i = 4 AND i = 3", true],
    ["AND binds tighter than OR", "i = 3 OR i = 4 AND i = 5", true],
    ["parentheses override precedence", "(i = 3 OR i = 4) AND i = 5", false],
    ["keywords in any case", "i between 1 and 3 and s like 'ch%' or not b", true],
    ["long AND chains", Array.from({ length: 500 }, (_, k) => `i <> ${k + 10}`).join(" AND "), true],
  ])("%s: %s", (_rule, selector, expected) => {
    expect(evaluate(selector)).toBe(expected);
  });

  it("lists the identifiers it reads", () => {
    expect([
      ...parseSelector("JMSType = 'x' AND (i > 1 OR \"my prop\" LIKE 'a%') AND i < 9").identifiers,
    ]).toEqual(["JMSType", "i", "my prop"]);
    expect(parseSelector("s IS NULL").text).toBe("s IS NULL");
  });
});

// [JMS 2.0 3.8.1.2] "SQL semantics for NULL": the three truth tables, with U for unknown.
describe("[JMS 2.0 3.8.1.2] three-valued logic", () => {
  const operand = { T: "b", F: "f", U: "nothing" } as const;
  type Truth = keyof typeof operand;
  const value = (result: boolean | null): Truth => (result === null ? "U" : result ? "T" : "F");
  const pairs: [Truth, Truth][] = (["T", "F", "U"] as const).flatMap((a) =>
    (["T", "F", "U"] as const).map((b): [Truth, Truth] => [a, b]),
  );
  const AND: Record<string, Truth> = {
    TT: "T",
    TF: "F",
    TU: "U",
    FT: "F",
    FF: "F",
    FU: "F",
    UT: "U",
    UF: "F",
    UU: "U",
  };
  const OR: Record<string, Truth> = {
    TT: "T",
    TF: "T",
    TU: "T",
    FT: "T",
    FF: "F",
    FU: "U",
    UT: "T",
    UF: "U",
    UU: "U",
  };

  it.each(pairs)("%s AND %s", (a, b) => {
    expect(value(evaluate(`${operand[a]} AND ${operand[b]}`))).toBe(AND[a + b]);
  });

  it.each(pairs)("%s OR %s", (a, b) => {
    expect(value(evaluate(`${operand[a]} OR ${operand[b]}`))).toBe(OR[a + b]);
  });

  it.each([
    ["T", "F"],
    ["F", "T"],
    ["U", "U"],
  ] as const)("NOT %s is %s", (a, expected) => {
    expect(value(evaluate(`NOT ${operand[a]}`))).toBe(expected);
  });

  it.each(["=", "<>", "<", "<=", ">", ">="])("a comparison %s with NULL on either side is unknown", (op) => {
    expect(evaluate(`nothing ${op} 1`)).toBeNull();
    expect(evaluate(`1 ${op} nothing`)).toBeNull();
  });

  it("an unknown result does not select", () => {
    const selector = parseSelector("nothing > 1");
    expect(selector.evaluate(() => undefined)).toBeNull();
    expect(selector.matches(() => undefined)).toBe(false);
    expect(parseSelector("NOT (nothing > 1)").matches(() => undefined)).toBe(false);
  });
});

describe("evaluation never throws", () => {
  it("a throwing lookup makes the result unknown", () => {
    const selector = parseSelector("i > 1");
    expect(
      selector.evaluate(() => {
        throw new Error("broken message");
      }),
    ).toBeNull();
  });

  it("a lookup returning a value of no selector type counts as NULL", () => {
    const odd = { i: {}, s: [], n: Symbol("x") } as unknown as Record<string, SelectorValue>;
    expect(evaluate("i IS NULL AND s IS NULL AND n IS NULL", odd)).toBe(true);
    expect(evaluate("i > 1", odd)).toBeNull();
  });
});
