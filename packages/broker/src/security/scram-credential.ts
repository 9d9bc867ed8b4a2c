import { createHash, createHmac, pbkdf2Sync } from "node:crypto";

export type ScramHash = "sha1" | "sha256" | "sha512";

/** What the broker keeps per user and hash: never the password itself [RFC 5802 3]. */
export interface ScramCredential {
  salt: Buffer;
  iterations: number;
  storedKey: Buffer;
  serverKey: Buffer;
}

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
  const length = createHash(hash).digest().length;
  const salted = pbkdf2Sync(Buffer.from(password.normalize("NFKC"), "utf8"), salt, iterations, length, hash);
  const clientKey = createHmac(hash, salted).update("Client Key").digest();
  return {
    salt,
    iterations,
    storedKey: createHash(hash).update(clientKey).digest(),
    serverKey: createHmac(hash, salted).update("Server Key").digest(),
  };
}
