import { describe, expect, test } from "vitest";
import { TopicPattern } from "./topic-pattern";

const cases: Array<[pattern: string, key: string, matches: boolean]> = [
  ["stock.ibm.nyse", "stock.ibm.nyse", true],
  ["stock.ibm.nyse", "stock.ibm.nasdaq", false],
  ["stock.*.nyse", "stock.ibm.nyse", true],
  ["stock.*.nyse", "stock.nyse", false],
  ["stock.*.nyse", "stock.ibm.x.nyse", false],
  ["stock.#", "stock", true],
  ["stock.#", "stock.ibm", true],
  ["stock.#", "stock.ibm.nyse", true],
  ["stock.#", "stocks.ibm", false],
  ["#", "", true],
  ["#", "a.b.c", true],
  ["#.nyse", "nyse", true],
  ["#.nyse", "stock.ibm.nyse", true],
  ["#.nyse", "stock.ibm.nasdaq", false],
  ["*", "a", true],
  ["*", "a.b", false],
  ["*.#", "a", true],
  // An empty key is one empty word, as the words of "a..b" show.
  ["*", "", true],
  ["*.*", "", false],
  ["a.#.b", "a.b", true],
  ["a.#.b", "a.x.y.b", true],
  ["a.#.b", "a.x.y.c", false],
  ["a.*.#.b", "a.b", false],
  ["news", "news.sport", false],
  ["", "", true],
  ["a..b", "a..b", true],
  ["a.*.b", "a..b", true],
];

describe("[AMQP 0-9-1 3.1.3.3] topic binding patterns", () => {
  test.each(cases)("%j against %j matches: %s", (pattern, key, expected) => {
    expect(new TopicPattern(pattern).matches(key)).toBe(expected);
  });

  test("a pattern without wildcards is literal", () => {
    expect(new TopicPattern("a.b").literal).toBe(true);
    expect(new TopicPattern("a.*").literal).toBe(false);
    expect(new TopicPattern("a#").literal).toBe(true);
    expect(new TopicPattern("a#").matches("a.b")).toBe(false);
  });
});
