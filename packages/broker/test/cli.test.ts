// The jms-broker command as users run it: the built bin in a child process.
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeAll, describe, expect, it } from "vitest";

const cli = fileURLToPath(new URL("../bin/jms-broker.js", import.meta.url));
const built = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const children: ChildProcess[] = [];

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(
  args: string[],
  untilStdout?: RegExp,
): { child: ChildProcess; ready: Promise<string>; exited: Promise<Outcome> } {
  // Each broker keeps its data apart unless the test names a directory: ./data would be shared and locked.
  const storage = args.includes("--data-dir") ? [] : ["--in-memory"];
  const child = spawn(process.execPath, [cli, ...args, ...storage], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let stdout = "";
  let stderr = "";
  let markReady: (line: string) => void = () => undefined;
  const ready = new Promise<string>((resolve) => (markReady = resolve));
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    const line = untilStdout && stdout.match(untilStdout);
    if (line) markReady(line[0]);
  });
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<Outcome>((resolve) =>
    child.on("exit", (code) => resolve({ code, stdout, stderr })),
  );
  return { child, ready, exited };
}

beforeAll(() => {
  if (!existsSync(built)) throw new Error(`${built} is missing: run "npm run build" first (npm test does)`);
});

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

describe("jms-broker CLI", () => {
  it.each(["SIGINT", "SIGTERM"] as const)(
    "announces its address, then shuts down cleanly on %s",
    async (signal) => {
      const broker = run(["--port", "0", "--quiet"], /jms-broker listening on amqp:\/\/127\.0\.0\.1:\d+\n/);
      const line = await broker.ready;
      expect(line).toMatch(/^jms-broker listening on amqp:\/\/127\.0\.0\.1:[1-9]\d*\n$/);
      broker.child.kill(signal);
      expect((await broker.exited).code).toBe(0);
    },
  );

  it("lists every flag in --help", async () => {
    const { code, stdout } = await run(["--help"]).exited;
    expect(code).toBe(0);
    const flags = [
      "--config",
      "hash-password",
      "--host",
      "--port",
      "--user",
      "--allow-anonymous",
      "--tls-key",
      "--tls-cert",
      "--tls-ca",
      "--tls-port",
      "--ws-port",
    ];
    for (const flag of [...flags, "--quiet", "--version", "--help"]) expect(stdout).toContain(flag);
  });

  it("exits 1 naming the flag and file when a TLS PEM file cannot be read", async () => {
    const { code, stderr } = await run([
      "--port",
      "0",
      "--tls-key",
      "/nonexistent/key.pem",
      "--tls-cert",
      "/x",
    ]).exited;
    expect(code).toBe(1);
    expect(stderr).toMatch(/^jms-broker: --tls-key: cannot read "\/nonexistent\/key.pem"/);
  });

  it("announces the amqps:// listener with --tls-key and --tls-cert", async () => {
    const dir = mkdtempSync(join(tmpdir(), "jms-broker-cli-"));
    try {
      execFileSync(
        "openssl",
        [
          "req",
          "-x509",
          "-newkey",
          "ec",
          "-pkeyopt",
          "ec_paramgen_curve:prime256v1",
          "-nodes",
          "-keyout",
          join(dir, "key.pem"),
          "-out",
          join(dir, "cert.pem"),
          "-days",
          "1",
          "-subj",
          "/CN=localhost",
        ],
        { stdio: "pipe" },
      );
      const broker = run(
        [
          "--port",
          "0",
          "--quiet",
          "--user",
          "alice:pw",
          "--tls-key",
          join(dir, "key.pem"),
          "--tls-cert",
          join(dir, "cert.pem"),
          "--tls-port",
          "0",
        ],
        /jms-broker listening on amqps:\/\/127\.0\.0\.1:\d+\n/,
      );
      expect(await broker.ready).toMatch(/^jms-broker listening on amqps:\/\/127\.0\.0\.1:[1-9]\d*\n$/);
      broker.child.kill("SIGTERM");
      expect((await broker.exited).code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("exits 2 with the usage on an unknown flag", async () => {
    const { code, stderr } = await run(["--bogus"]).exited;
    expect(code).toBe(2);
    expect(stderr).toMatch(/jms-broker: .*--bogus/);
    expect(stderr).toContain("Usage: jms-broker");
  });

  it("exits 1 with one clear line when the port is in use", async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const { code, stderr } = await run(["--port", String(port)]).exited;
      expect(code).toBe(1);
      expect(stderr.trim()).toBe(
        `jms-broker: cannot listen on 127.0.0.1:${port}: the port is already in use`,
      );
    } finally {
      blocker.close();
    }
  });

  it("keeps its data in --data-dir; a second broker on the same directory exits 1 naming the first", async () => {
    const dir = mkdtempSync(join(tmpdir(), "jms-broker-data-"));
    try {
      const first = run(["--port", "0", "--quiet", "--data-dir", dir], /listening on amqp:\/\/\S+\n/);
      await first.ready;
      expect(existsSync(join(dir, "lock"))).toBe(true);
      const { code, stderr } = await run(["--port", "0", "--data-dir", dir]).exited;
      expect(code).toBe(1);
      expect(stderr.trim()).toBe(
        `jms-broker: data directory ${dir} is in use by broker process ${first.child.pid} (lock file ${join(dir, "lock")})`,
      );
      first.child.kill("SIGTERM");
      expect((await first.exited).code).toBe(0);
      expect(existsSync(join(dir, "lock"))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("starts with --config declaring the topology of examples/broker.json", async () => {
    const example = fileURLToPath(new URL("../examples/broker.json", import.meta.url));
    const broker = run(["--port", "0", "--quiet", "--config", example], /listening on amqp:\/\/\S+\n/);
    await broker.ready;
    broker.child.kill("SIGTERM");
    expect((await broker.exited).code).toBe(0);
  });

  it("exits 1 with every problem of a bad config file, each with the file and its JSON path", async () => {
    const dir = mkdtempSync(join(tmpdir(), "jms-broker-config-"));
    try {
      const file = join(dir, "broker.json");
      writeFileSync(
        file,
        JSON.stringify({
          queues: [{ name: "q1", maxLenght: 5 }],
          bindings: [{ exchange: "amq.topic", queue: "q9" }],
        }),
      );
      const { code, stderr } = await run(["--port", "0", "--config", file]).exited;
      expect(code).toBe(1);
      expect(stderr).toContain(`${file}: $.queues[0].maxLenght: unknown key (did you mean "maxLength"?)`);
      expect(stderr).toContain(`${file}: $.bindings[0].queue: no queue "q9" (declared: q1)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("hash-password prints a SCRAM-SHA-256 hash of the password read from stdin", () => {
    const hashed = spawnSync(process.execPath, [cli, "hash-password"], {
      input: "s3cret\n",
      encoding: "utf8",
    });
    expect(hashed.status).toBe(0);
    expect(hashed.stdout).toMatch(/^SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+\n$/);
    const empty = spawnSync(process.execPath, [cli, "hash-password"], { input: "", encoding: "utf8" });
    expect(empty.status).toBe(2);
    expect(empty.stderr).toContain("no password on standard input");
  });
});
