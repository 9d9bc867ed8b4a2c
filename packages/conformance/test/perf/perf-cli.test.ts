// jms-perf as users run it: the built bin in a child process.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

const built = fileURLToPath(new URL("../../dist/perf-cli.js", import.meta.url));

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [built, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

beforeAll(() => {
  if (!existsSync(built)) throw new Error(`${built} is missing: run "npm run build" first (npm test does)`);
});

describe("jms-perf CLI", () => {
  it.each(["jms-ts", "rhea"])(
    "--json with --client %s prints one JSON object with quiver's fields",
    async (client) => {
      const { code, stdout } = await run(["--count", "2000", "--client", client, "--json"]);
      expect(code).toBe(0);
      const result = JSON.parse(stdout) as Record<string, unknown>;
      expect(Object.keys(result)).toEqual(
        expect.arrayContaining([
          "configuration",
          "throughput",
          "latency",
          "sender",
          "receiver",
          "message_count",
        ]),
      );
      expect(typeof result["throughput"]).toBe("number");
      expect(result["message_count"]).toBe(2000);
      expect(Object.keys(result["latency"] as object)).toEqual(
        expect.arrayContaining(["p50", "p90", "p99", "p999", "max"]),
      );
      expect(result["sender"]).toMatchObject({ message_count: 2000, settled_count: 2000 });
      expect(result["receiver"]).toMatchObject({ message_count: 2000 });
      // Raw rhea beside the broker's own process runs unpatched; the jms-ts client installs the patches.
      expect(result["configuration"]).toMatchObject({
        client,
        broker: "bundled (process)",
        rhea_patches: client === "jms-ts",
      });
    },
  );

  it("--client rhea with --via in-process shares the process with the broker, which patches rhea", async () => {
    const { code, stdout } = await run([
      "--count",
      "500",
      "--client",
      "rhea",
      "--via",
      "in-process",
      "--json",
    ]);
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { configuration: Record<string, unknown> };
    expect(result.configuration).toMatchObject({ broker: "bundled (in-process)", rhea_patches: true });
  });

  it("prints the table on stdout and the broker's start on stderr", async () => {
    const { code, stdout, stderr } = await run(["--count", "500"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Sender\s+500\s/m);
    expect(stdout).toMatch(/^Receiver\s+500\s/m);
    expect(stdout).toContain("p99.9");
    expect(stderr).toContain("jms-perf: bundled (process) is up at amqp://");
  });

  it("--help prints the usage and exits 0", async () => {
    const { code, stdout } = await run(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("Usage: jms-perf [URL] [options]");
  });

  it("a bad flag is a usage error: exit 2, the reason then the usage on stderr", async () => {
    const { code, stdout, stderr } = await run(["--ack", "sometimes"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^jms-perf: --ack must be one of auto, client, dups-ok, got sometimes\n\nUsage:/);
  });

  it("a broker that cannot be reached: one error line, exit 1", async () => {
    const { code, stdout, stderr } = await run(["amqp://127.0.0.1:1", "--count", "10"]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/^jms-perf: jms-ts on amqp:\/\/127\.0\.0\.1:1: .*ECONNREFUSED/);
  });
});
