import { describe, expect, it } from "vitest";
import { SASL_MECHANISMS } from "../../../jms/connection-options";
import { chooseMechanism, type SaslCredentials } from "./sasl-negotiator";

const ALL = ["ANONYMOUS", "PLAIN", "EXTERNAL", "SCRAM-SHA-1", "SCRAM-SHA-256", "SCRAM-SHA-512"];
const withPassword: SaslCredentials = { username: "u", password: "p", hasClientCertificate: false, allowed: SASL_MECHANISMS };
const anonymous: SaslCredentials = { hasClientCertificate: false, allowed: SASL_MECHANISMS };

describe("[qpid-jms 2.3] chooseMechanism", () => {
  it.each([
    [ALL, "SCRAM-SHA-512"],
    [["PLAIN", "SCRAM-SHA-1", "SCRAM-SHA-256"], "SCRAM-SHA-256"],
    [["ANONYMOUS", "PLAIN", "SCRAM-SHA-1"], "SCRAM-SHA-1"],
    [["ANONYMOUS", "PLAIN"], "PLAIN"],
    [["ANONYMOUS", "EXTERNAL"], undefined],
  ])("with a password, from %j picks %s, the strongest", (offered, chosen) => {
    expect(chooseMechanism(offered, withPassword)).toBe(chosen);
  });

  it("without credentials only ANONYMOUS, or EXTERNAL with a client certificate", () => {
    expect(chooseMechanism(ALL, anonymous)).toBe("ANONYMOUS");
    expect(chooseMechanism(["PLAIN", "SCRAM-SHA-256"], anonymous)).toBeUndefined();
    expect(chooseMechanism(ALL, { ...anonymous, hasClientCertificate: true })).toBe("EXTERNAL");
  });

  it("prefers SCRAM and PLAIN over EXTERNAL when a password is given too", () => {
    expect(chooseMechanism(["EXTERNAL", "PLAIN"], { ...withPassword, hasClientCertificate: true })).toBe("PLAIN");
    expect(chooseMechanism(["EXTERNAL"], { ...withPassword, hasClientCertificate: true })).toBe("EXTERNAL");
  });

  it("amqp.saslMechanisms restricts the choice", () => {
    expect(chooseMechanism(ALL, { ...withPassword, allowed: ["PLAIN", "SCRAM-SHA-1"] })).toBe("SCRAM-SHA-1");
    expect(chooseMechanism(ALL, { ...withPassword, allowed: ["ANONYMOUS"] })).toBeUndefined();
  });
});
