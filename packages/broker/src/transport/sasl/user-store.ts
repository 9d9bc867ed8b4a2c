import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from "node:crypto";

export type ScramHash = "sha1" | "sha256" | "sha512";

/** What the broker keeps per user and hash: never the password itself [RFC 5802 3]. */
export interface ScramCredential {
  salt: Buffer;
  iterations: number;
  storedKey: Buffer;
  serverKey: Buffer;
}

const ITERATIONS = 4096;
const HASHES: readonly ScramHash[] = ["sha1", "sha256", "sha512"];

/**
 * The broker's users, kept as salted SCRAM keys (one set per hash). PLAIN is checked by deriving the
 * keys from the offered password, so the plaintext is dropped once the store is built.
 */
export class UserStore {
  private readonly users = new Map<string, Map<ScramHash, ScramCredential>>();
  /** A stable fake salt per unknown name, so SCRAM does not reveal which users exist [RFC 5802 5.1]. */
  private readonly secret = randomBytes(32);

  constructor(passwords: Record<string, string>) {
    for (const [name, password] of Object.entries(passwords)) {
      const salt = randomBytes(16);
      this.users.set(
        name,
        new Map(HASHES.map((hash) => [hash, deriveCredential(hash, password, salt, ITERATIONS)])),
      );
    }
  }

  get size(): number {
    return this.users.size;
  }

  credential(name: string, hash: ScramHash): ScramCredential | undefined {
    return this.users.get(name)?.get(hash);
  }

  /** Salt and iterations to announce for `name`, real or (for an unknown user) made up. */
  saltFor(name: string, hash: ScramHash): { salt: Buffer; iterations: number } {
    const known = this.credential(name, hash);
    if (known) return known;
    return {
      salt: createHmac("sha256", this.secret).update(name).digest().subarray(0, 16),
      iterations: ITERATIONS,
    };
  }

  /** PLAIN: true when `password` is the user's. */
  verifyPassword(name: string, password: string): boolean {
    const known = this.credential(name, "sha256");
    if (!known) return false;
    const offered = deriveCredential("sha256", password, known.salt, known.iterations);
    return timingSafeEqual(offered.storedKey, known.storedKey);
  }
}

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
