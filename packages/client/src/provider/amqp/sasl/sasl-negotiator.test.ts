import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SASL_MECHANISMS } from "../../../jms/connection-options";
import { chooseMechanism, createMechanism, type SaslCredentials } from "./sasl-negotiator";
import { scramKeys } from "./scram-client";

const ALL = ["ANONYMOUS", "PLAIN", "EXTERNAL", "SCRAM-SHA-1", "SCRAM-SHA-256", "SCRAM-SHA-512"];
const withPassword: SaslCredentials = {
  username: "u",
  password: "p",
  hasClientCertificate: false,
  allowed: SASL_MECHANISMS,
};
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
    expect(chooseMechanism(["EXTERNAL", "PLAIN"], { ...withPassword, hasClientCertificate: true })).toBe(
      "PLAIN",
    );
    expect(chooseMechanism(["EXTERNAL"], { ...withPassword, hasClientCertificate: true })).toBe("EXTERNAL");
  });

  it("amqp.saslMechanisms restricts the choice", () => {
    expect(chooseMechanism(ALL, { ...withPassword, allowed: ["PLAIN", "SCRAM-SHA-1"] })).toBe("SCRAM-SHA-1");
    expect(chooseMechanism(ALL, { ...withPassword, allowed: ["ANONYMOUS"] })).toBeUndefined();
  });
});

describe("[RFC 5802 3] the SCRAM mechanism as rhea drives it", () => {
  const credentials: SaslCredentials = {
    username: "user",
    password: "pencil",
    hasClientCertificate: false,
    allowed: SASL_MECHANISMS,
  };
  const serverFirst = Buffer.from(
    "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
  );

  /** Runs start and the first step; the client nonce is random, so only shapes are checked here. */
  function started() {
    const mechanism = createMechanism("SCRAM-SHA-256", credentials);
    let first = "";
    mechanism.start((_e, response) => (first = String(response)));
    expect(first).toMatch(/^n,,n=user,r=.+/);
    return mechanism;
  }

  it("answers server-first with a client-final carrying a proof", () => {
    const mechanism = started();
    let error: unknown;
    let final = "";
    mechanism.step(Buffer.from(serverFirst.toString().replace("rOprNGfwEbeRWgbNEkqO", "x")), (e, r) => {
      error = e;
      final = String(r);
    });
    // The nonce does not extend ours: the step fails instead of answering.
    expect(error).toMatch(/nonce/);
    expect(final).toBe("undefined");
  });

  it("a successful outcome without the server signature fails the connection", () => {
    const mechanism = started();
    expect(() => mechanism.outcome?.(undefined)).toThrow(/did not send its SCRAM signature/);
  });

  it("a server-final in the outcome's additional-data is verified, a forged one refused", () => {
    const mechanism = createMechanism("SCRAM-SHA-256", credentials);
    let clientFirst = "";
    mechanism.start((_e, response) => (clientFirst = String(response)));
    const bare = clientFirst.slice(3);
    const serverFirstMessage = `r=${bare.split(",r=")[1] ?? ""}srv,s=${Buffer.from("salt").toString("base64")},i=64`;
    let clientFinal = "";
    mechanism.step(Buffer.from(serverFirstMessage), (_e, response) => (clientFinal = String(response)));
    const withoutProof = clientFinal.slice(0, clientFinal.indexOf(",p="));
    const keys = scramKeys("sha256", "pencil", Buffer.from("salt"), 64);
    const auth = `${bare},${serverFirstMessage},${withoutProof}`;
    const signature = createHmac("sha256", keys.serverKey).update(auth).digest("base64");
    expect(() => mechanism.outcome?.(Buffer.from("v=AAAA"))).toThrow(/signature is wrong/);
    expect(() => mechanism.outcome?.(Buffer.from(`v=${signature}`))).not.toThrow();
  });
});
