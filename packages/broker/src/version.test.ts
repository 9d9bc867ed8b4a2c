import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BROKER_VERSION } from "./version";

describe("BROKER_VERSION", () => {
  it("is the package.json version (what --version prints and the open frame announces)", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      version: string;
    };
    expect(BROKER_VERSION).toBe(pkg.version);
  });
});
