import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hashPassword } from "../security/password-hash";
import { loadBrokerConfig } from "./load-config";
import { ConfigError, validateBrokerConfig } from "./validate-config";

/** The problems a config has, one per line, without the file name. */
function problems(value: unknown): string[] {
  try {
    validateBrokerConfig(value, "b.json");
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message.split("\n").map((line) => line.replace(/^b\.json: /, ""));
  }
}

describe("validateBrokerConfig", () => {
  it("accepts the issue's example and returns it as typed declarations", () => {
    const example = {
      queues: [{ name: "q1", durable: true }],
      exchanges: [{ name: "ex.t", type: "topic" }],
      bindings: [
        { exchange: "ex.t", queue: "q1", key: "stock.*.nyse" },
        { exchange: "amq.match", queue: "q1", arguments: { "x-match": "all", type: "report" } },
      ],
    };
    expect(validateBrokerConfig(example, "b.json")).toEqual(example);
  });

  it("names every problem with its JSON path, what is allowed and what was found", () => {
    expect(
      problems({
        queus: [],
        queues: [{ name: "q1", maxLength: -3, overflow: "block" }, { name: "q1" }, { maxBytes: 1.5 }],
        exchanges: [{ name: "amq.mine", type: "topics" }],
        bindings: [{ exchange: "nowhere", queue: "q2", arguments: { "x-match": "some" } }],
        limits: { maxFrameSize: 100 },
      }),
    ).toEqual([
      '$.queus: unknown key (did you mean "queues"?); allowed: queues, exchanges, bindings, users, allowAnonymous, acl, nodeAutoCreationPolicies, queueDefaults, limits',
      "$.queues[0].maxLength: must be a whole number >= 1, got -3",
      '$.queues[0].overflow: must be one of producer-flow-control, reject-publish, drop-head, got "block"',
      "$.queues[2].maxBytes: must be a whole number >= 1, got 1.5",
      "$.queues[2].name: is required",
      '$.exchanges[0].name: "amq.mine": names starting "amq." are reserved for the predeclared exchanges',
      '$.exchanges[0].type: must be one of direct, fanout, topic, headers, got "topics"',
      '$.bindings[0].arguments.x-match: must be one of all, any, got "some"',
      "$.limits.maxFrameSize: must be a whole number >= 512, got 100",
      '$.queues[1].name: "q1" is declared twice',
      '$.bindings[0].exchange: no exchange "nowhere" (declared or predeclared: amq.direct, amq.fanout, amq.topic, amq.match)',
      '$.bindings[0].queue: no queue "q2" (declared: q1)',
    ]);
  });

  it("checks users, access rules, policies and references to dead-letter queues and alternate exchanges", () => {
    expect(
      problems({
        users: [
          { name: "a", password: "plain" },
          { name: "b", passwordHash: "SCRAM-SHA-256$1:abc" },
        ],
        acl: [{ user: "a", allow: ["read"], queues: "(" }],
        nodeAutoCreationPolicies: [{ pattern: ".*", nodeType: "topic" }],
        queues: [{ name: "q", deadLetterQueue: "dlq" }],
        exchanges: [{ name: "x", type: "direct", alternateExchange: "y" }],
      }),
    ).toEqual([
      "$.users[0].password: config files hold no passwords: give passwordHash instead, made by `jms-broker hash-password`",
      "$.users[1].passwordHash: not a password hash: the parts after the prefix are malformed; expected SCRAM-SHA-256$<iterations>:<salt base64>$<StoredKey base64>:<ServerKey base64> (made by `jms-broker hash-password`)",
      '$.acl[0].allow[0]: must be one of send, consume, browse, manage, got "read"',
      "$.acl[0].queues: is not a regular expression: Invalid regular expression: /(/: Unterminated group",
      '$.nodeAutoCreationPolicies[0].nodeType: must be one of queue, exchange, got "topic"',
      '$.queues[0].deadLetterQueue: no queue "dlq" is declared to take dead letters',
      '$.exchanges[0].alternateExchange: no exchange "y"',
    ]);
  });

  it("accepts a real password hash", () => {
    expect(
      validateBrokerConfig({ users: [{ name: "a", passwordHash: hashPassword("x") }] }, "b.json").users,
    ).toHaveLength(1);
  });
});

describe("loadBrokerConfig", () => {
  const dir = mkdtempSync(join(tmpdir(), "jms-config-"));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it("names the file and the line and column of a JSON syntax error", () => {
    const path = file("bad.json", '{\n  "queues": [\n    { "name": "q1", }\n  ]\n}\n');
    expect(() => loadBrokerConfig(path)).toThrow(
      new RegExp(`^${path}: not valid JSON: .* at line 3, column 21$`),
    );
  });

  it("names a file it cannot read", () => {
    expect(() => loadBrokerConfig(join(dir, "missing.json"))).toThrow(
      /missing\.json: cannot read the config file: ENOENT/,
    );
  });

  it("prefixes every problem with the file", () => {
    const path = file("wrong.json", '{"queues": {"name": "q1"}}');
    expect(() => loadBrokerConfig(path)).toThrow(`${path}: $.queues: must be an array, got {"name":"q1"}`);
    rmSync(dir, { recursive: true, force: true });
  });
});
