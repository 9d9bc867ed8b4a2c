import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CLIENT_VERSION } from "./client-version";

describe("CLIENT_VERSION", () => {
  it("is the package.json version (announced in the open frame's version property)", () => {
    const url = new URL("../../../package.json", import.meta.url);
    const pkg = JSON.parse(readFileSync(url, "utf8")) as { version: string };
    expect(CLIENT_VERSION).toBe(pkg.version);
  });
});
