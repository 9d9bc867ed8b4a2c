// rheaPatchesInstalled() tells plain rhea from patched rhea. Each vitest file runs in a fresh module
// registry and process, so rhea starts unpatched here.
import { describe, expect, it } from "vitest";
import { installRheaPatches, rheaPatchesInstalled } from "./index";

describe("rheaPatchesInstalled", () => {
  it("is false until installRheaPatches() runs, then true", () => {
    expect(rheaPatchesInstalled()).toBe(false);
    installRheaPatches();
    expect(rheaPatchesInstalled()).toBe(true);
  });
});
