import { randomBytes } from "node:crypto";
import { deriveCredential, type ScramCredential } from "./scram-credential";

const PREFIX = "SCRAM-SHA-256$";
/** RFC 7677's minimum; config files may use more. */
const MIN_ITERATIONS = 4096;
const SHA256_BYTES = 32;
const FORM = "SCRAM-SHA-256$<iterations>:<salt base64>$<StoredKey base64>:<ServerKey base64>";

/**
 * A salted password hash for config files: SCRAM-SHA-256 credentials derived with PBKDF2 [RFC 5802,
 * RFC 7677], in the text form PostgreSQL also uses. The broker verifies PLAIN and SCRAM-SHA-256 against it
 * and never needs the password.
 */
export function hashPassword(password: string, iterations = MIN_ITERATIONS): string {
  if (!Number.isSafeInteger(iterations) || iterations < MIN_ITERATIONS) {
    throw new Error(`iterations must be a whole number >= ${MIN_ITERATIONS}, got ${iterations}`);
  }
  const credential = deriveCredential("sha256", password, randomBytes(16), iterations);
  return formatPasswordHash(credential);
}

export function formatPasswordHash({ salt, iterations, storedKey, serverKey }: ScramCredential): string {
  const b64 = (bytes: Buffer) => bytes.toString("base64");
  return `${PREFIX}${iterations}:${b64(salt)}$${b64(storedKey)}:${b64(serverKey)}`;
}

/** @throws Error saying what is wrong with the text and the form expected. */
export function parsePasswordHash(text: string): ScramCredential {
  const fail = (what: string): never => {
    throw new Error(`not a password hash: ${what}; expected ${FORM} (made by \`jms-broker hash-password\`)`);
  };
  if (!text.startsWith(PREFIX)) fail(`it does not start with "${PREFIX}"`);
  const match = /^(\d+):([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+):([A-Za-z0-9+/=]+)$/.exec(
    text.slice(PREFIX.length),
  );
  if (!match) return fail("the parts after the prefix are malformed");
  const [, iterationText, salt, storedKey, serverKey] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
  ];
  const iterations = Number(iterationText);
  if (!Number.isSafeInteger(iterations) || iterations < MIN_ITERATIONS) {
    fail(`${iterationText} iterations; at least ${MIN_ITERATIONS} are required`);
  }
  const credential = {
    iterations,
    salt: Buffer.from(salt, "base64"),
    storedKey: Buffer.from(storedKey, "base64"),
    serverKey: Buffer.from(serverKey, "base64"),
  };
  if (credential.salt.length === 0) fail("the salt is empty");
  if (credential.storedKey.length !== SHA256_BYTES || credential.serverKey.length !== SHA256_BYTES) {
    fail(`StoredKey and ServerKey must be ${SHA256_BYTES} bytes each`);
  }
  return credential;
}
