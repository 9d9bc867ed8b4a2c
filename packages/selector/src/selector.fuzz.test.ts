import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseSelector } from "./selector";
import { SelectorSyntaxError } from "./selector-syntax-error";
import type { SelectorValue } from "./selector-value";

// Throws random text at the parser: whatever it is given, parseSelector either returns a selector whose
// evaluation never throws, or throws a SelectorSyntaxError pointing inside the text. Nothing else escapes.

const VALID = [
  "i > 4 AND s LIKE 'a\\_%' ESCAPE '\\'",
  "JMSType IN ('a', 'b') OR NOT (JMSPriority BETWEEN 4 AND 6)",
  "x IS NOT NULL AND -x * 2.5E1 / 0x1F <> 017L",
  "\"quoted id\" = 'it''s' OR b",
];

const FRAGMENTS = [
  " ",
  "(",
  ")",
  ",",
  "'",
  '"',
  "=",
  "<>",
  "<",
  ">=",
  "+",
  "-",
  "*",
  "/",
  ".",
  "0x",
  "1",
  "07",
  "9.",
  "e5",
  "L",
  "AND",
  "OR",
  "NOT",
  "BETWEEN",
  "LIKE",
  "ESCAPE",
  "IN",
  "IS",
  "NULL",
  "TRUE",
  "x",
  "JMSType",
  "'a%'",
  "\\",
];

const lookups: Record<string, SelectorValue>[] = [
  {},
  { i: 5, s: "a_b", x: 3n, b: true, JMSType: "a", JMSPriority: 5, "quoted id": "it's" },
  { i: "5", s: 1, x: "x", b: 0, JMSType: null, JMSPriority: 2.5 },
];

function parsesOrRefusesCleanly(text: string): void {
  let selector;
  try {
    selector = parseSelector(text);
  } catch (error) {
    expect(error).toBeInstanceOf(SelectorSyntaxError);
    const position = (error as SelectorSyntaxError).position;
    expect(position).toBeGreaterThanOrEqual(0);
    expect(position).toBeLessThanOrEqual(text.length);
    return;
  }
  for (const values of lookups)
    expect([true, false, null]).toContain(selector.evaluate((name) => values[name]));
}

describe("parser fuzzing", () => {
  it("arbitrary text", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 200 }), parsesOrRefusesCleanly), {
      numRuns: 3000,
    });
  });

  it("text made of selector tokens", () => {
    const tokens = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 30 }).map((parts) => parts.join(""));
    fc.assert(fc.property(tokens, parsesOrRefusesCleanly), { numRuns: 3000 });
  });

  it("valid selectors with characters inserted, deleted or replaced", () => {
    const mutation = fc
      .tuple(
        fc.constantFrom(...VALID),
        fc.array(
          fc.tuple(fc.nat(), fc.constantFrom("insert", "delete", "replace"), fc.string({ maxLength: 3 })),
          {
            minLength: 1,
            maxLength: 4,
          },
        ),
      )
      .map(([text, edits]) =>
        edits.reduce((s, [at, kind, chars]) => {
          const i = at % (s.length + 1);
          if (kind === "insert") return s.slice(0, i) + chars + s.slice(i);
          if (kind === "delete") return s.slice(0, i) + s.slice(i + 1);
          return s.slice(0, i) + chars + s.slice(i + chars.length);
        }, text),
      );
    fc.assert(fc.property(mutation, parsesOrRefusesCleanly), { numRuns: 3000 });
  });

  it("the unmutated corpus parses", () => {
    for (const text of VALID) expect(() => parseSelector(text)).not.toThrow();
  });
});
