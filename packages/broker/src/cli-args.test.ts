import { describe, expect, it } from "vitest";
import { parseCliArgs, UsageError } from "./cli-args";

describe("parseCliArgs", () => {
  it("defaults to 127.0.0.1:5672", () => {
    expect(parseCliArgs([])).toEqual({ kind: "run", host: "127.0.0.1", port: 5672, quiet: false });
  });

  it("reads --host and --port", () => {
    expect(parseCliArgs(["--host", "0.0.0.0", "--port", "0"])).toEqual({
      kind: "run",
      host: "0.0.0.0",
      port: 0,
      quiet: false,
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
