import { describe, expect, it } from "vitest";
import { tokenize } from "./lexer";
import { SelectorSyntaxError } from "./selector-syntax-error";

function only(text: string) {
  const tokens = tokenize(text);
  expect(tokens.at(-1)?.kind).toBe("end");
  expect(tokens).toHaveLength(2);
  return tokens[0];
}

describe("[JMS 2.0 3.8.1.1] literals", () => {
  it.each([
    ["'abc'", "abc"],
    ["''", ""],
    ["'it''s'", "it's"],
    ["'a \"quoted\" word'", 'a "quoted" word'],
    ["'déjà vu ☃'", "déjà vu ☃"],
  ])("string literal %s", (text, value) => {
    expect(only(text)).toEqual({ kind: "string", value, start: 0 });
  });

  it.each([
    ["57", 57n],
    ["0", 0n],
    ["9223372036854775807", 9223372036854775807n],
    ["10L", 10n],
    ["10l", 10n],
    ["0x1F", 31n],
    ["0XffL", 255n],
    ["017", 15n],
    ["00", 0n],
  ])("exact numeric %s", (text, value) => {
    expect(only(text)).toMatchObject({ kind: "exact", value, text });
  });

  it.each([
    ["7E3", 7000],
    ["57.9E2", 5790],
    ["7.", 7],
    [".5", 0.5],
    ["1.5e-3", 0.0015],
    ["2E+2", 200],
    ["1.5F", 1.5],
    ["2d", 2],
    ["3.25D", 3.25],
  ])("approximate numeric %s", (text, value) => {
    expect(only(text)).toMatchObject({ kind: "approximate", value, text });
  });

  it.each([
    ["TRUE", "TRUE"],
    ["true", "TRUE"],
    ["False", "FALSE"],
    ["not", "NOT"],
    ["Between", "BETWEEN"],
    ["escape", "ESCAPE"],
  ])("keyword %s is case-insensitive", (text, word) => {
    expect(only(text)).toEqual({ kind: "keyword", word, start: 0 });
  });
});

describe("[JMS 2.0 3.8.1.1] identifiers", () => {
  it.each(["price", "_x", "$cash", "JMSXGroupID", "déjà", "a1_b$c", "Trueish"])("%s", (name) => {
    expect(only(name)).toEqual({ kind: "identifier", name, start: 0 });
  });

  it("identifiers are case-sensitive and kept as written", () => {
    expect(tokenize("Price price").map((t) => (t.kind === "identifier" ? t.name : t.kind))).toEqual([
      "Price",
      "price",
      "end",
    ]);
  });

  it('a double-quoted identifier may hold any character, "" for a quote, and reserved words', () => {
    expect(only('"my prop"')).toEqual({ kind: "identifier", name: "my prop", start: 0 });
    expect(only('"say ""hi"""')).toEqual({ kind: "identifier", name: 'say "hi"', start: 0 });
    expect(only('"AND"')).toEqual({ kind: "identifier", name: "AND", start: 0 });
  });
});

describe("symbols and whitespace", () => {
  it("reads the longest operator and records positions", () => {
    const tokens = tokenize(" a<=b <> c\t>=\n(1,2)");
    expect(tokens.map((t) => [t.kind === "symbol" ? t.symbol : t.kind, t.start])).toEqual([
      ["identifier", 1],
      ["<=", 2],
      ["identifier", 4],
      ["<>", 6],
      ["identifier", 9],
      [">=", 11],
      ["(", 14],
      ["exact", 15],
      [",", 16],
      ["exact", 17],
      [")", 18],
      ["end", 19],
    ]);
  });
});

describe("lexical errors say where and what was expected", () => {
  it.each([
    ["a = 'open", 9, "a closing quote (') for the string"],
    ['"open = 1', 9, 'a closing double quote (") for the identifier'],
    ['"" = 1', 0, "a name inside the double quotes"],
    ["a = 0x", 6, "hexadecimal digits after 0x"],
    ["a = 019", 6, "an octal digit (0-7)"],
    ["a = 12abc", 6, "an operator, space or parenthesis after the number"],
    ["a = 1.2.3", 7, "an operator, space or parenthesis after the number"],
    ["a != 1", 2, "an identifier, literal, operator or parenthesis"],
    ["a = #", 4, "an identifier, literal, operator or parenthesis"],
  ])("%s", (text, position, expected) => {
    const error = (() => {
      try {
        tokenize(text);
      } catch (e) {
        return e;
      }
      return undefined;
    })() as SelectorSyntaxError;
    expect(error).toBeInstanceOf(SelectorSyntaxError);
    expect(error.position).toBe(position);
    expect(error.expected).toBe(expected);
    expect(error.message).toContain(`column ${position + 1}`);
  });
});
