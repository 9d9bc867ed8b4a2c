import { describe, expect, it } from "vitest";
import { parsePerfOptions, UsageError } from "../../src/perf/perf-options";
import { PERF_USAGE } from "../../src/perf/perf-usage";

function usageError(argv: string[]): string {
  try {
    parsePerfOptions(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`expected a usage error for ${argv.join(" ")}`);
}

describe("jms-perf options", () => {
  it("defaults to 100000 messages of 100 B through the bundled broker, like quiver's body and credit", () => {
    const options = parsePerfOptions([]);
    expect(options).toMatchObject({
      target: "bundled",
      via: "process",
      count: 100_000,
      bodySize: 100,
      persistent: false,
      ack: "auto",
      transactedBatch: 0,
      prefetch: 1000,
      producers: 1,
      consumers: 1,
      connections: 2,
      queue: "jms-perf",
      client: "jms-ts",
      timeoutSeconds: 10,
      json: false,
    });
    expect(options.url).toBeUndefined();
    expect(options.durationSeconds).toBeUndefined();
    expect(options.rate).toBeUndefined();
  });

  it("reads every flag", () => {
    const options = parsePerfOptions(
      "--count 5 --body-size 1024 --persistent --prefetch 10 --producers 3 --consumers 2 --connections 1 --queue q --client rhea --timeout 2.5 --json".split(
        " ",
      ),
    );
    expect(options).toMatchObject({
      count: 5,
      bodySize: 1024,
      persistent: true,
      prefetch: 10,
      producers: 3,
      consumers: 2,
      connections: 1,
      queue: "q",
      client: "rhea",
      timeoutSeconds: 2.5,
      json: true,
    });
    expect(parsePerfOptions(["--ack", "dups-ok"]).ack).toBe("dups-ok");
    expect(parsePerfOptions(["--transacted-batch", "50"]).transactedBatch).toBe(50);
    expect(parsePerfOptions(["--rate", "2500.5"]).rate).toBe(2500.5);
    expect(parsePerfOptions(["--client", "qpid-jms", "--ack", "client"])).toMatchObject({
      client: "qpid-jms",
      ack: "client",
    });
  });

  it("takes a duration instead of a count", () => {
    const options = parsePerfOptions(["--duration", "1.5"]);
    expect(options.durationSeconds).toBe(1.5);
    expect(options.count).toBeUndefined();
  });

  it("takes a URL or a target with a way to run it", () => {
    expect(parsePerfOptions(["amqp://u:p@host:5672?jms.sendTimeout=5"]).url).toBe(
      "amqp://u:p@host:5672?jms.sendTimeout=5",
    );
    expect(parsePerfOptions(["--target", "artemis", "--via", "container"])).toMatchObject({
      target: "artemis",
      via: "container",
    });
    expect(parsePerfOptions(["--target", "rabbitmq"]).target).toBe("rabbitmq");
    expect(parsePerfOptions(["--target", "artemis"]).via).toBe("native");
    expect(parsePerfOptions(["--via", "in-process"]).via).toBe("in-process");
  });

  it("defaults to one connection per producer and consumer", () => {
    expect(parsePerfOptions(["--producers", "4", "--consumers", "3"]).connections).toBe(7);
  });

  it.each([
    [["--count", "0"], "--count must be a whole number >= 1, got 0"],
    [["--count", "1.5"], "--count must be a whole number >= 1, got 1.5"],
    [["--body-size=-1"], "--body-size must be a whole number >= 0, got -1"],
    [["--prefetch", "0"], "--prefetch must be a whole number >= 1, got 0"],
    [["--duration", "0"], "--duration must be a number of seconds > 0, got 0"],
    [["--count", "5", "--duration", "5"], "give either --count or --duration, not both"],
    [["--ack", "never"], "--ack must be one of auto, client, dups-ok, got never"],
    [["--client", "proton"], "--client must be one of jms-ts, rhea, qpid-jms, got proton"],
    [["--target", "qpidd"], "--target must be one of bundled, qpid-broker-j, artemis, rabbitmq, got qpidd"],
    [["--via", "podman", "--target", "artemis"], "--via must be one of native, container, got podman"],
    [["--via", "process", "--target", "artemis"], "--via must be one of native, container, got process"],
    [["--via", "container"], "--via must be one of process, in-process, got container"],
    [["--via", "native", "--target", "rabbitmq"], "--via applies to bundled, qpid-broker-j and artemis"],
    [["--rate", "0"], "--rate must be a number of messages per second > 0, got 0"],
    [["--rate", "fast"], "--rate must be a number of messages per second > 0, got fast"],
    [["amqp://h", "--target", "artemis"], "give either a URL or --target, not both"],
    [["http://h"], "URL must start with amqp:// or amqps://, got http://h"],
    [["amqp://a", "amqp://b"], "expected at most one URL, got 2: amqp://a amqp://b"],
    [["--client", "rhea", "--ack", "client"], "--client rhea runs quiver's rhea workload"],
    [["--client", "rhea", "--transacted-batch", "5"], "--client rhea runs quiver's rhea workload"],
    [["--transacted-batch", "5", "--ack", "client"], "--ack does not apply to a transacted run"],
    [["--queue", " "], "--queue must not be empty"],
    [["--speed", "9"], "Unknown option '--speed'"],
  ])("rejects %j", (argv, message) => {
    expect(usageError(argv)).toContain(message);
  });

  it("--help documents every flag the parser takes, and the parser takes every flag --help shows", () => {
    const documented = new Set(PERF_USAGE.match(/--[a-z-]+/g));
    const sample: Record<string, string[]> = {
      "--target": ["--target", "artemis"],
      "--via": ["--target", "artemis", "--via", "native"],
      "--count": ["--count", "1"],
      "--duration": ["--duration", "1"],
      "--body-size": ["--body-size", "1"],
      "--persistent": ["--persistent"],
      "--ack": ["--ack", "client"],
      "--transacted-batch": ["--transacted-batch", "1"],
      "--prefetch": ["--prefetch", "1"],
      "--rate": ["--rate", "100"],
      "--producers": ["--producers", "1"],
      "--consumers": ["--consumers", "1"],
      "--connections": ["--connections", "1"],
      "--queue": ["--queue", "q"],
      "--client": ["--client", "rhea"],
      "--timeout": ["--timeout", "1"],
      "--json": ["--json"],
      "--help": ["--help"],
    };
    expect([...documented].sort()).toEqual(Object.keys(sample).sort());
    for (const argv of Object.values(sample)) expect(() => parsePerfOptions(argv)).not.toThrow();
  });
});
