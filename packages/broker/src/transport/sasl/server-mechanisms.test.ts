import { describe, expect, it } from "vitest";
import type { BrokerLogger } from "../../logger";
import { authenticationOf } from "../../security/connection-user";
import { hashPassword } from "../../security/password-hash";
import { serverMechanisms } from "./server-mechanisms";

interface Mechanism {
  start(response?: Buffer): unknown;
  outcome?: boolean;
}

function logger() {
  const warnings: string[] = [];
  const log: BrokerLogger = { info() {}, error() {}, warn: (line) => warnings.push(line) };
  return { warnings, log };
}

/** A fake rhea connection whose SASL server ran `mechanism` with outcome ok. */
const succeededWith = (mechanism: object) =>
  ({ sasl_transport: { outcome: 0, mechanism } }) as unknown as Parameters<typeof authenticationOf>[0];

describe("server mechanism table", () => {
  const hash = hashPassword("pencil");

  it("offers ANONYMOUS only without users, strongest first with them", () => {
    expect(Object.keys(serverMechanisms({}))).toEqual(["ANONYMOUS"]);
    expect(Object.keys(serverMechanisms({ users: { a: "b" } }))).toEqual([
      "SCRAM-SHA-512",
      "SCRAM-SHA-256",
      "SCRAM-SHA-1",
      "PLAIN",
    ]);
    expect(Object.keys(serverMechanisms({ users: { a: "b" }, allowAnonymous: true }))).toEqual([
      "SCRAM-SHA-512",
      "SCRAM-SHA-256",
      "SCRAM-SHA-1",
      "PLAIN",
      "ANONYMOUS",
    ]);
  });

  it("[RFC 7677] offers only SCRAM-SHA-256 and PLAIN once one user comes from a hash", () => {
    expect(Object.keys(serverMechanisms({ userHashes: { carol: hash } }))).toEqual([
      "SCRAM-SHA-256",
      "PLAIN",
    ]);
    expect(Object.keys(serverMechanisms({ users: { alice: "x" }, userHashes: { carol: hash } }))).toEqual([
      "SCRAM-SHA-256",
      "PLAIN",
    ]);
  });

  it("[RFC 4616] PLAIN checks the password, records the user, and logs a failure once", async () => {
    const { warnings, log } = logger();
    const table = serverMechanisms({ users: { alice: "pencil" }, userHashes: { carol: hash } }, log);
    const plain = () => table["PLAIN"]?.() as Mechanism;
    const good = plain();
    await good.start(Buffer.from("\0carol\0pencil"));
    expect(good.outcome).toBe(true);
    expect(authenticationOf(succeededWith(good))).toEqual({ mechanism: "PLAIN", user: "carol" });
    const attempts: Array<[string, string]> = [
      ["\0alice\0pen", 'authentication failed: PLAIN as user "alice": wrong password'],
      ["\0bob\0pencil", 'authentication failed: PLAIN as user "bob": unknown user'],
      ["admin\0alice\0pencil", 'authentication failed: PLAIN as user "alice": may not act as "admin"'],
      [
        "alice",
        "authentication failed: PLAIN: malformed response (expected authzid NUL authcid NUL password)",
      ],
    ];
    for (const [response, warning] of attempts) {
      const bad = plain();
      await bad.start(Buffer.from(response));
      expect(bad.outcome).toBe(false);
      expect(authenticationOf(succeededWith(bad))).toBeUndefined();
      expect(warnings.pop()).toBe(warning);
    }
    expect(warnings).toEqual([]);
  });

  it("hides a refusing ANONYMOUS behind the credentialed mechanisms (so bare AMQP gets a reason)", () => {
    const { warnings, log } = logger();
    const table = serverMechanisms({ users: { alice: "x" } }, log);
    expect(Object.getOwnPropertyNames(table)).not.toContain("ANONYMOUS");
    const anonymous = table["ANONYMOUS"]?.() as Mechanism;
    anonymous.start();
    expect(anonymous.outcome).toBe(false);
    expect(warnings).toEqual(["authentication failed: ANONYMOUS: anonymous connections are not allowed"]);
  });

  it("[RFC 4505] ANONYMOUS, when offered, succeeds with no user", () => {
    const anonymous = serverMechanisms({})["ANONYMOUS"]?.() as Mechanism;
    anonymous.start(Buffer.from("trace"));
    expect(anonymous.outcome).toBe(true);
    expect(authenticationOf(succeededWith(anonymous))).toEqual({ mechanism: "ANONYMOUS", user: undefined });
  });

  it("a malformed SCRAM client-first is a rejected promise (rhea answers outcome sys) and a warning", async () => {
    const { warnings, log } = logger();
    const mechanism = serverMechanisms({ users: { alice: "x" } }, log)["SCRAM-SHA-256"]?.() as Mechanism;
    await expect(Promise.resolve(mechanism.start(Buffer.from("garbage")))).rejects.toThrow(/malformed/);
    expect(warnings).toEqual(["authentication failed: SCRAM-SHA-256: malformed SCRAM client-first-message"]);
  });
});
