import { describe, expect, it } from "vitest";
import { parseCliArgs, UsageError } from "./cli-args";

describe("parseCliArgs", () => {
  it("defaults to 127.0.0.1:5672", () => {
    expect(parseCliArgs([])).toEqual({
      kind: "run",
      host: "127.0.0.1",
      port: 5672,
      quiet: false,
      dataDir: "./data",
    });
  });

  it("reads --host and --port", () => {
    expect(parseCliArgs(["--host", "0.0.0.0", "--port", "0"])).toEqual({
      kind: "run",
      host: "0.0.0.0",
      port: 0,
      quiet: false,
      dataDir: "./data",
    });
  });

  it.each([["--nope"], ["--port", "abc"], ["--port", "70000"], ["--port", "-1"], ["--host", ""], ["extra"]])(
    "rejects %j as a usage error",
    (...argv: string[]) => {
      expect(() => parseCliArgs(argv)).toThrow(UsageError);
    },
  );

  it("recognises --help and --version", () => {
    expect(parseCliArgs(["--help"]).kind).toBe("help");
    expect(parseCliArgs(["--version"]).kind).toBe("version");
  });
});

describe("parseCliArgs security flags [docs/decisions/0009]", () => {
  it("reads repeatable --user NAME:PASSWORD, passwords may contain colons", () => {
    const command = parseCliArgs(["--user", "alice:a:b", "--user", "bob:", "--allow-anonymous"]);
    expect(command).toMatchObject({ users: { alice: "a:b", bob: "" }, allowAnonymous: true });
  });

  it("reads --tls-key/--tls-cert/--tls-ca/--tls-port", () => {
    expect(
      parseCliArgs(["--tls-key", "k.pem", "--tls-cert", "c.pem", "--tls-ca", "ca.pem", "--tls-port", "0"]),
    ).toMatchObject({
      tls: { keyFile: "k.pem", certFile: "c.pem", caFile: "ca.pem", port: 0 },
    });
    expect(parseCliArgs(["--tls-key", "k", "--tls-cert", "c"])).toMatchObject({ tls: { port: 5671 } });
  });

  it.each([
    [["--user", "nocolon"], /--user must be NAME:PASSWORD/],
    [["--user", ":pw"], /--user must be NAME:PASSWORD/],
    [["--tls-key", "k"], /--tls-key and --tls-cert go together/],
    [["--tls-ca", "ca"], /need --tls-key and --tls-cert/],
    [["--tls-key", "k", "--tls-cert", "c", "--tls-port", "x"], /--tls-port must be an integer/],
  ])("rejects %j saying why", (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(UsageError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });

  it("reads --ws-port", () => {
    expect(parseCliArgs(["--ws-port", "0"])).toMatchObject({ wsPort: 0 });
    expect(() => parseCliArgs(["--ws-port", "http"])).toThrow(/--ws-port must be an integer/);
  });

  it("never echoes a password in a --user error", () => {
    expect(() => parseCliArgs(["--user", ":hunter2"])).not.toThrow(/hunter2/);
  });

  it("reads --config FILE and the hash-password subcommand", () => {
    expect(parseCliArgs(["--config", "b.json"])).toMatchObject({ kind: "run", configFile: "b.json" });
    expect(() => parseCliArgs(["--config", " "])).toThrow("--config needs a file name");
    expect(parseCliArgs(["hash-password"])).toEqual({ kind: "hash-password" });
    expect(() => parseCliArgs(["hash-password", "secret"])).toThrow(/reads the password from stdin/);
  });

  it("reads --data-dir, --in-memory and --memory-limit", () => {
    expect(parseCliArgs(["--data-dir", "/var/lib/jms"])).toMatchObject({ dataDir: "/var/lib/jms" });
    expect(parseCliArgs(["--in-memory"])).toMatchObject({ kind: "run", dataDir: undefined });
    expect(parseCliArgs(["--memory-limit", "16"])).toMatchObject({ memoryLimitBytes: 16 * 1024 * 1024 });
    expect(() => parseCliArgs(["--in-memory", "--data-dir", "d"])).toThrow(/exclude each other/);
    expect(() => parseCliArgs(["--data-dir", " "])).toThrow(/--data-dir must not be empty/);
    expect(() => parseCliArgs(["--memory-limit", "lots"])).toThrow(/whole number of MiB/);
    expect(() => parseCliArgs(["--in-memory", "--memory-limit", "8"])).toThrow(/needs a data directory/);
  });
});
