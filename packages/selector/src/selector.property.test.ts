import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseSelector } from "./selector";
import type { SelectorValue } from "./selector-value";

// Properties of the selector language checked over generated values and selectors. The oracles are plain
// JavaScript on bigints and booleans, independent of the parser and its operators.

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;
const long = fc.bigInt({ min: LONG_MIN, max: LONG_MAX });
const int = fc.integer();
const double = fc.double({ noNaN: true, noDefaultInfinity: true });
const numeric = fc.oneof(int, long, double);

function run(selector: string, values: Record<string, SelectorValue>): boolean | null {
  return parseSelector(selector).evaluate((name) => values[name]);
}

function literal(n: bigint): string {
  return n.toString();
}

function quoted(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

describe("[JMS 2.0 3.8.1.2] numbers", () => {
  it("comparisons agree with exact mathematical order across ints, longs and doubles", () => {
    fc.assert(
      fc.property(numeric, numeric, (x, y) => {
        const values = { x, y };
        expect(run("x = y", values)).toBe(x == y);
        expect(run("x <> y", values)).toBe(!(x == y));
        expect(run("x < y", values)).toBe(x < y);
        expect(run("x <= y", values)).toBe(x <= y);
        expect(run("x > y", values)).toBe(x > y);
        expect(run("x >= y", values)).toBe(x >= y);
      }),
      { numRuns: 1000 },
    );
  });

  it("exact arithmetic is Java long arithmetic: 64-bit wrap-around, truncating division", () => {
    fc.assert(
      fc.property(long, long, (a, b) => {
        const values = { a, b };
        const wrap = (n: bigint) => literal(BigInt.asIntN(64, n));
        expect(run(`a + b = ${wrap(a + b)}`, values)).toBe(true);
        expect(run(`a - b = ${wrap(a - b)}`, values)).toBe(true);
        expect(run(`a * b = ${wrap(a * b)}`, values)).toBe(true);
        expect(run(`a / b = ${b === 0n ? 0 : wrap(a / b)}`, values)).toBe(b === 0n ? null : true);
      }),
      { numRuns: 1000 },
    );
  });

  it("exact results agree whether operands arrive as numbers or bigints", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer(), (a, b) => {
        for (const op of ["+", "-", "*", "/"]) {
          if (op === "/" && b === 0) continue;
          const asNumbers = run(`a ${op} b = c ${op} d`, { a, b, c: BigInt(a), d: BigInt(b) });
          expect(asNumbers).toBe(true);
        }
      }),
    );
  });

  it("any long can be written in decimal, with an L suffix, in hexadecimal and in octal", () => {
    fc.assert(
      fc.property(long, (n) => {
        const values = { x: n };
        expect(run(`x = ${literal(n)}`, values)).toBe(true);
        expect(run(`x = ${literal(n)}L`, values)).toBe(true);
        const sign = n < 0n ? "-" : "";
        const magnitude = n < 0n ? -n : n;
        expect(run(`x = ${sign}0x${magnitude.toString(16)}`, values)).toBe(true);
        expect(run(`x = ${sign}0${magnitude.toString(8)}`, values)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("approximate literals read as the double they denote", () => {
    fc.assert(
      fc.property(double, (d) => {
        fc.pre(Number.isFinite(d));
        const text = d.toExponential();
        expect(run(`x = ${text.startsWith("-") ? `-${text.slice(1)}` : text}`, { x: d })).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("x BETWEEN lo AND hi is x >= lo AND x <= hi, and NOT BETWEEN its negation", () => {
    const maybe = fc.option(numeric, { nil: undefined });
    fc.assert(
      fc.property(maybe, maybe, maybe, (x, lo, hi) => {
        const values = { x, lo, hi };
        const expected = run("x >= lo AND x <= hi", values);
        expect(run("x BETWEEN lo AND hi", values)).toBe(expected);
        expect(run("x NOT BETWEEN lo AND hi", values)).toBe(run("NOT (x >= lo AND x <= hi)", values));
      }),
      { numRuns: 500 },
    );
  });
});

describe("[JMS 2.0 3.8.1.2] strings", () => {
  it("any string survives a string literal with doubled quotes, and = compares it exactly", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.string({ unit: "grapheme" }), (s, t) => {
        expect(run(`x = ${quoted(s)}`, { x: s })).toBe(true);
        expect(run(`x = ${quoted(s)}`, { x: t })).toBe(s === t);
      }),
      { numRuns: 500 },
    );
  });

  it("IN is membership and NOT IN its negation", () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.string(), { minLength: 1, maxLength: 5 }), (x, list) => {
        const items = list.map(quoted).join(", ");
        expect(run(`x IN (${items})`, { x })).toBe(list.includes(x));
        expect(run(`x NOT IN (${items})`, { x })).toBe(!list.includes(x));
      }),
      { numRuns: 500 },
    );
  });

  it("LIKE with every character escaped matches exactly the string; % and _ match any text and one character", () => {
    const escaped = (s: string) =>
      [...s].map((c) => (c === "%" || c === "_" || c === "!" ? `!${c}` : c)).join("");
    const text = fc.string({ unit: "grapheme-composite" });
    fc.assert(
      fc.property(text, text, text, (before, middle, after) => {
        const value = before + middle + after;
        const like = (pattern: string) => run(`x LIKE ${quoted(pattern)} ESCAPE '!'`, { x: value });
        expect(like(escaped(value))).toBe(true);
        expect(like(`%${escaped(middle)}%`)).toBe(true);
        expect(like(`${escaped(before)}%`)).toBe(true);
        expect(like(`${escaped(value)}_`)).toBe(false);
        expect(like("_".repeat([...value].length))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

/** A random condition over x (numeric or missing), b (boolean or missing) and s (string or missing). */
const condition: fc.Arbitrary<string> = fc.letrec<{ condition: string; leaf: string; arith: string }>(
  (tie) => ({
    arith: fc.oneof(
      { depthSize: "small" },
      fc.constantFrom("x", "1", "-2", "2.5", "0x10", "07L", "x * 2", "(x + 1)"),
      fc
        .tuple(tie("arith"), fc.constantFrom("+", "-", "*", "/"), tie("arith"))
        .map(([a, op, b]) => `${a} ${op} ${b}`),
    ),
    leaf: fc.oneof(
      fc.constantFrom(
        "b",
        "TRUE",
        "FALSE",
        "s IS NULL",
        "x IS NOT NULL",
        "s LIKE 'a%'",
        "s NOT IN ('a', 'b')",
      ),
      fc
        .tuple(tie("arith"), fc.constantFrom("=", "<>", "<", "<=", ">", ">="), tie("arith"))
        .map(([a, op, b]) => `${a} ${op} ${b}`),
      fc.tuple(tie("arith"), tie("arith"), tie("arith")).map(([a, b, c]) => `${a} BETWEEN ${b} AND ${c}`),
    ),
    condition: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      tie("leaf"),
      tie("condition").map((c) => `NOT (${c})`),
      fc.tuple(tie("condition"), tie("condition")).map(([a, b]) => `(${a}) AND (${b})`),
      fc.tuple(tie("condition"), tie("condition")).map(([a, b]) => `(${a}) OR (${b})`),
    ),
  }),
).condition;

const values = fc.record({
  x: fc.option(numeric, { nil: undefined }),
  b: fc.option(fc.boolean(), { nil: undefined }),
  s: fc.option(fc.constantFrom("a", "b", "abc", "", "xyz"), { nil: undefined }),
});

const not3 = (a: boolean | null) => (a === null ? null : !a);
const and3 = (a: boolean | null, b: boolean | null) =>
  a === false || b === false ? false : a && b ? true : null;
const or3 = (a: boolean | null, b: boolean | null) =>
  a === true || b === true ? true : a === false && b === false ? false : null;

describe("[JMS 2.0 3.8.1.2] three-valued logic over generated conditions", () => {
  it("NOT, AND and OR follow the SQL truth tables whatever their operands", () => {
    fc.assert(
      fc.property(condition, condition, values, (a, b, v) => {
        const [ra, rb] = [run(a, v), run(b, v)];
        expect(run(`NOT (${a})`, v)).toBe(not3(ra));
        expect(run(`(${a}) AND (${b})`, v)).toBe(and3(ra, rb));
        expect(run(`(${a}) OR (${b})`, v)).toBe(or3(ra, rb));
      }),
      { numRuns: 1000 },
    );
  });

  it("De Morgan's laws hold, unknowns included", () => {
    fc.assert(
      fc.property(condition, condition, values, (a, b, v) => {
        expect(run(`NOT ((${a}) AND (${b}))`, v)).toBe(run(`NOT (${a}) OR NOT (${b})`, v));
        expect(run(`NOT ((${a}) OR (${b}))`, v)).toBe(run(`NOT (${a}) AND NOT (${b})`, v));
      }),
      { numRuns: 500 },
    );
  });

  it("matches is true exactly when evaluate is true, and neither ever throws", () => {
    fc.assert(
      fc.property(condition, values, (text, v) => {
        const selector = parseSelector(text);
        const result = selector.evaluate((name) => v[name as keyof typeof v]);
        expect([true, false, null]).toContain(result);
        expect(selector.matches((name) => v[name as keyof typeof v])).toBe(result === true);
      }),
      { numRuns: 1000 },
    );
  });
});
