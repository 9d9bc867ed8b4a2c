import { describe, expect, it } from "vitest";
import type { Capability } from "./capability";
import type { ConformanceCase } from "./conformance-case";
import { failures } from "./outcome";
import { renderMarkdown } from "./report";
import { runSuite } from "./run-suite";
import type { RunningTarget, Target } from "./target";

function fakeTarget(overrides: Partial<Target> & { start: Target["start"] }): Target {
  return {
    id: "fake",
    name: "fake",
    via: "native",
    capabilities: new Set<Capability>(["queues"]),
    limitations: new Map<Capability, string>([["selectors", "fake brokers ignore selectors"]]),
    queueName: (name) => `/queue/${name}`,
    topicName: (name) => name,
    ...overrides,
  };
}

function running(stopped: string[]): RunningTarget {
  return { url: "amqp://127.0.0.1:1", stop: () => Promise.resolve(void stopped.push("stopped")) };
}

const passing: ConformanceCase = {
  id: "a.pass",
  title: "passes",
  requires: ["queues"],
  run: () => Promise.resolve(),
};
const throwing: ConformanceCase = {
  id: "b.fail",
  title: "fails",
  requires: ["queues"],
  run: () => Promise.reject(new Error("expected 1,\ngot 2")),
};
const hanging: ConformanceCase = {
  id: "c.hang",
  title: "hangs",
  requires: ["queues"],
  run: () => new Promise(() => {}),
};
const needsSelectors: ConformanceCase = {
  id: "d.skip",
  title: "needs selectors",
  requires: ["selectors"],
  run: () => Promise.resolve(),
};
const quiet = () => undefined;

describe("runSuite", () => {
  it("passes, fails in one line, times out, skips with the target's reason, and always stops the broker", async () => {
    const stopped: string[] = [];
    const target = fakeTarget({ start: () => Promise.resolve(running(stopped)) });
    const result = await runSuite([target], [passing, throwing, hanging, needsSelectors], quiet, {
      caseTimeoutMs: 50,
    });
    const cases = result.targets[0]?.cases ?? {};
    expect(cases["a.pass"]?.status).toBe("pass");
    expect(cases["b.fail"]).toMatchObject({ status: "fail", reason: "expected 1, got 2" });
    expect(cases["c.hang"]).toMatchObject({ status: "fail", reason: "did not finish within 0.05 s" });
    expect(cases["d.skip"]).toEqual({ status: "skip", reason: "fake brokers ignore selectors" });
    expect(stopped).toEqual(["stopped"]);
    expect(failures(result)).toEqual([
      "fake: b.fail: expected 1, got 2",
      "fake: c.hang: did not finish within 0.05 s",
    ]);
  });

  it("fails a target whose broker cannot start, with one line, and runs none of its cases", async () => {
    const target = fakeTarget({
      start: () => Promise.reject(new Error("java is not on PATH:\n Java 17 runs fake")),
    });
    const result = await runSuite([target], [passing], quiet);
    expect(result.targets[0]).toMatchObject({
      startFailure: "java is not on PATH: Java 17 runs fake",
      cases: {},
    });
    expect(failures(result)).toEqual(["fake: did not start: java is not on PATH: Java 17 runs fake"]);
  });

  it("skips every case of a target that is not configured here, without failing the run", async () => {
    const target = fakeTarget({
      unavailable: "set FAKE_URL",
      start: () => Promise.reject(new Error("must not start")),
    });
    const result = await runSuite([target], [passing], quiet);
    expect(result.targets[0]?.cases).toEqual({ "a.pass": { status: "skip", reason: "set FAKE_URL" } });
    expect(failures(result)).toEqual([]);
    expect(renderMarkdown(result)).toContain("| fake | native | not configured | 0 | 0 | 1 |");
  });

  it("gives up on a broker that never becomes ready instead of hanging the run", async () => {
    const target = fakeTarget({ start: () => new Promise(() => {}) });
    const result = await runSuite([target], [passing], quiet, { startTimeoutMs: 50 });
    expect(result.targets[0]?.startFailure).toBe("no broker within 0.05 s");
  });

  it("renders the matrix with every skip and failure reason as a footnote", async () => {
    const stopped: string[] = [];
    const up = fakeTarget({ start: () => Promise.resolve(running(stopped)) });
    const down = fakeTarget({
      id: "down",
      name: "down",
      start: () => Promise.reject(new Error("port 5672 is taken")),
    });
    const markdown = renderMarkdown(await runSuite([up, down], [passing, needsSelectors], quiet));
    expect(markdown).toContain("| **a.pass** passes | queues | ✅ pass | ❌ not started [^1] |");
    expect(markdown).toContain(
      "| **d.skip** needs selectors | selectors | ➖ skip [^2] | ❌ not started [^1] |",
    );
    expect(markdown).toContain("[^2]: fake brokers ignore selectors");
    expect(markdown).toContain("[^1]: port 5672 is taken");
    expect(markdown).toContain("- down: did not start: port 5672 is taken");
  });
});
