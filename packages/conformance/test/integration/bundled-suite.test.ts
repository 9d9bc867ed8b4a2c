import { describe, expect, test } from "vitest";
import { allCases } from "../../src/cases/index";
import { failures } from "../../src/harness/outcome";
import { runSuite } from "../../src/harness/run-suite";
import { bundledTarget } from "../../src/targets/bundled";

// The whole behaviour suite on the bundled broker, from sources: a case that breaks shows up in
// `vitest` without a build. JMS_CASE=prefix[,prefix] narrows it while working on one area.
const prefixes = (process.env["JMS_CASE"] ?? "").split(",").filter((p) => p.length > 0);
const cases = allCases.filter((c) => prefixes.length === 0 || prefixes.some((p) => c.id.startsWith(p)));

describe("conformance suite on the bundled broker", () => {
  test("every case whose capabilities the bundled broker claims passes", { timeout: 300_000 }, async () => {
    const log: string[] = [];
    const result = await runSuite([bundledTarget], cases, (line) => log.push(line));
    const outcomes = Object.values(result.targets[0]?.cases ?? {});
    expect(outcomes.some((o) => o.status === "pass")).toBe(true);
    expect(failures(result), log.join("\n")).toEqual([]);
  });
});
