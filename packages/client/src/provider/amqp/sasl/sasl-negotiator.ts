import type { SaslMechanismName } from "../../../jms/connection-options";
import { SCRAM_HASH, ScramClient } from "./scram-client";

/** Strongest first [qpid-jms 2.3 SASL preference]. */
const PREFERENCE: readonly SaslMechanismName[] = [
  "SCRAM-SHA-512",
  "SCRAM-SHA-256",
  "SCRAM-SHA-1",
  "PLAIN",
  "EXTERNAL",
  "ANONYMOUS",
];

export interface SaslCredentials {
  username?: string;
  password?: string;
  /** A client certificate is configured: EXTERNAL is usable. */
  hasClientCertificate: boolean;
  /** amqp.saslMechanisms: what the client may use at all. */
  allowed: readonly SaslMechanismName[];
}

/**
 * Picks the strongest mechanism both sides offer that the credentials can satisfy: SCRAM and PLAIN
 * need a user name and password, EXTERNAL a client certificate, ANONYMOUS no credentials at all.
 */
export function chooseMechanism(
  offered: readonly string[],
  credentials: SaslCredentials,
): SaslMechanismName | undefined {
  const withPassword = credentials.username !== undefined;
  return PREFERENCE.find((name) => {
    if (!offered.includes(name) || !credentials.allowed.includes(name)) return false;
    if (name === "EXTERNAL") return credentials.hasClientCertificate;
    if (name === "ANONYMOUS") return !withPassword;
    return withPassword;
  });
}

type Reply = (error: unknown, response?: Buffer | string) => void;

/** The shape rhea's SASL client calls: start, then step per challenge [rhea lib/sasl.js]. */
export interface RheaClientMechanism {
  start(callback: Reply): void;
  step(challenge: Buffer | undefined, callback: Reply): void;
  /** Our extension: the outcome's additional-data (where some servers put SCRAM's server-final). */
  outcome?(additionalData: Buffer | undefined): void;
}

/** A rhea client mechanism for `name`. */
export function createMechanism(name: SaslMechanismName, credentials: SaslCredentials): RheaClientMechanism {
  const username = credentials.username ?? "";
  const password = credentials.password ?? "";
  const hash = SCRAM_HASH[name];
  if (hash) return scramMechanism(new ScramClient(hash, username, password));
  if (name === "PLAIN") return once(Buffer.from(`\0${username}\0${password}`, "utf8"));
  if (name === "EXTERNAL") return once(Buffer.alloc(0));
  return once(Buffer.from("anonymous", "utf8"));
}

function once(response: Buffer): RheaClientMechanism {
  return {
    start: (callback) => callback(undefined, response),
    step: (_challenge, callback) => callback(undefined, Buffer.alloc(0)),
  };
}

/**
 * SCRAM over AMQP SASL: init carries client-first, the first challenge server-first, our response
 * client-final; the server-final comes as a second challenge (answered empty) or as the outcome's
 * additional-data. Either way the server signature is verified before the connection is trusted.
 */
function scramMechanism(client: ScramClient): RheaClientMechanism & { verified: boolean } {
  let step = 0;
  const mechanism = {
    verified: false,
    start: (callback: Reply) => callback(undefined, client.clientFirst()),
    step: (challenge: Buffer | undefined, callback: Reply) => {
      try {
        const data = challenge ?? Buffer.alloc(0);
        if (step++ === 0) return callback(undefined, client.clientFinal(data));
        client.verifyServerFinal(data);
        mechanism.verified = true;
        callback(undefined, Buffer.alloc(0));
      } catch (error) {
        callback(error instanceof Error ? error.message : String(error));
      }
    },
    outcome: (additionalData: Buffer | undefined) => {
      if (mechanism.verified) return;
      if (!additionalData || additionalData.length === 0)
        throw new Error("the server did not send its SCRAM signature");
      client.verifyServerFinal(additionalData);
      mechanism.verified = true;
    },
  };
  return mechanism;
}
