import { describe, expect, it } from "vitest";
import { isIdentifier } from "./identifier";

describe("[JMS 2.0 3.8.1.1] isIdentifier", () => {
  it.each(["price", "_private", "$cash", "JMSXGroupID", "déjà", "a1_b$c"])("accepts %s", (name) => {
    expect(isIdentifier(name)).toBe(true);
  });

  it.each(["", "1abc", "with space", "hyphen-ated", "dot.ted", "NULL", "true", "Between", "escape", "is"])(
    "rejects %j",
    (name) => {
      expect(isIdentifier(name)).toBe(false);
    },
  );
});
