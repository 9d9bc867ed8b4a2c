import { createHash, createHmac, pbkdf2, pbkdf2Sync } from "node:crypto";
import { promisify } from "node:util";

export type ScramHash = "sha1" | "sha256" | "sha512";

/** What the broker keeps per user and hash: never the password itself [RFC 5802 3]. */
export interface ScramCredential {
  salt: Buffer;
  iterations: number;
  storedKey: Buffer;
  serverKey: Buffer;
}

const pbkdf2Async = promisify(pbkdf2);

/**
 * SaltedPassword = PBKDF2(password, salt, iterations); StoredKey = H(HMAC(SaltedPassword, "Client Key"));
 * ServerKey = HMAC(SaltedPassword, "Server Key") [RFC 5802 3]. The password is normalised with NFKC, the
 * practical part of SASLprep [RFC 4013].
 */
export function deriveCredential(
  hash: ScramHash,
  password: string,
  salt: Buffer,
  iterations: number,
): ScramCredential {
  const salted = pbkdf2Sync(prepare(password), salt, iterations, digestLength(hash), hash);
  return keysFrom(hash, salted, salt, iterations);
}

/** As deriveCredential, off the event loop: PLAIN derives once per attempt, and attempts are cheap to send. */
export async function deriveCredentialAsync(
  hash: ScramHash,
  password: string,
  salt: Buffer,
  iterations: number,
): Promise<ScramCredential> {
  const salted = await pbkdf2Async(prepare(password), salt, iterations, digestLength(hash), hash);
  return keysFrom(hash, salted, salt, iterations);
}

function keysFrom(hash: ScramHash, salted: Buffer, salt: Buffer, iterations: number): ScramCredential {
  const clientKey = createHmac(hash, salted).update("Client Key").digest();
  return {
    salt,
    iterations,
    storedKey: createHash(hash).update(clientKey).digest(),
    serverKey: createHmac(hash, salted).update("Server Key").digest(),
  };
}

function prepare(password: string): Buffer {
  return Buffer.from(password.normalize("NFKC"), "utf8");
}

function digestLength(hash: ScramHash): number {
  return createHash(hash).digest().length;
}
