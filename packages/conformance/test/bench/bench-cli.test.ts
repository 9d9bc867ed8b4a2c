// `npm run bench` as users run it: the built CLI, spawning the built jms-perf against a real bundled broker.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunRecord } from "../../src/bench/bench-stats";

const built = fileURLToPath(new URL("../../dist/bench-cli.js", import.meta.url));

function run(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const child = spawn(process.execPath, [built, ...args], { stdio: ["ignore", "pipe", "pipe"], env });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on("close", (code) => resolve({ code, stdout, stderr })),
  );
}

beforeAll(() => {
  if (!existsSync(built)) throw new Error(`${built} is missing: run "npm run build" first (npm test does)`);
});

describe("bench CLI", () => {
  it("--quick --only a: jms-ts and rhea through the bundled broker, written as page, JSON, plot and block", async () => {
    const out = await mkdtemp(join(tmpdir(), "bench-cli-"));
    const { code, stderr } = await run(["--quick", "--only", "a", "--out", out]);
    expect(stderr).toMatch(/^\[1\/4\] bundled jms-ts 1 KiB non-persistent warm-up \.\.\. [\d,]+ msg\/s/m);
    expect(stderr).toMatch(/^\[4\/4\] bundled rhea 1 KiB non-persistent run 1\/1 \.\.\. [\d,]+ msg\/s/m);
    expect(code).toBe(0);
    const json = JSON.parse(await readFile(join(out, "benchmarks", "side-by-side.json"), "utf8")) as {
      runs: RunRecord[];
    };
    expect(json.runs.map((record) => [record.phase, record.ok, record.result?.message_count])).toEqual([
      ["warmup", true, 200],
      ["warmup", true, 200],
      ["peak", true, 2000],
      ["peak", true, 2000],
    ]);
    expect(json.runs[3]?.result?.configuration).toMatchObject({
      client: "rhea",
      body_size: 1024,
      durable: false,
    });
    const page = await readFile(join(out, "benchmarks", "side-by-side.md"), "utf8");
    expect(page).toContain("A `--quick` smoke run");
    expect(page).toMatch(/\| jms-ts \/ raw rhea, bundled broker, 1 KiB non-persistent \| \d+\.\d\d \|/);
    expect(await readFile(join(out, "benchmarks", "side-by-side-clients.svg"), "utf8")).toMatch(/^<svg /);
    const index = await readFile(join(out, "benchmarks.md"), "utf8");
    expect(index).toMatch(/<!-- bench:start -->\n## Side by side[\s\S]*<!-- bench:end -->/);
  }, 120_000);

  it("a broker that cannot start: every run recorded failed with the reason, exit 1", async () => {
    const out = await mkdtemp(join(tmpdir(), "bench-cli-"));
    const { code, stderr } = await run(["--quick", "--only", "b", "--out", out], {
      ...process.env,
      PATH: "",
    });
    expect(code).toBe(1);
    expect(stderr).toContain("bench: qpid-broker-j did not start: java is not on PATH");
    const page = await readFile(join(out, "benchmarks", "side-by-side.md"), "utf8");
    expect(page).toContain("| (b) | qpid-broker-j | qpid-jms | 1 KiB | non-persistent | peak | 0/1 | — |");
    expect(page).toMatch(
      /- b qpid-broker-j jms-ts 1 KiB non-persistent, warm-up, peak run 1: .*java is not on PATH/,
    );
  }, 60_000);

  it("--help prints the usage; a bad flag is a usage error with exit 2", async () => {
    const help = await run(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: npm run bench -- [options]");
    const bad = await run(["--repeat", "0"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^bench: --repeat must be a whole number >= 1, got 0\n\nUsage:/);
  });
});
