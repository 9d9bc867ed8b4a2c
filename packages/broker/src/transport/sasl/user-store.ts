import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { parsePasswordHash } from "../../security/password-hash";
import { deriveCredential, type ScramCredential, type ScramHash } from "../../security/scram-credential";

export type { ScramCredential, ScramHash } from "../../security/scram-credential";

/** Users from the `users` option (passwords) and from a config file (password hashes). */
export interface UserSources {
  /** name → password; kept as salted keys for every SCRAM hash. */
  passwords?: Record<string, string>;
  /** name → `SCRAM-SHA-256$…` hash (security/password-hash.ts); SHA-256 keys only. */
  hashes?: Record<string, string>;
}

const ITERATIONS = 4096;
const HASHES: readonly ScramHash[] = ["sha1", "sha256", "sha512"];

/**
 * The broker's users, kept as salted SCRAM keys (one set per hash). PLAIN is checked by deriving the
 * SHA-256 keys from the offered password, so no plaintext is kept.
 */
export class UserStore {
  private readonly users = new Map<string, Map<ScramHash, ScramCredential>>();
  /** A stable fake salt per unknown name, so SCRAM does not reveal which users exist [RFC 5802 5.1]. */
  private readonly secret = randomBytes(32);

  /** @throws Error naming the user whose hash is malformed. */
  constructor({ passwords = {}, hashes = {} }: UserSources) {
    for (const [name, password] of Object.entries(passwords)) {
      const salt = randomBytes(16);
      this.users.set(
        name,
        new Map(HASHES.map((hash) => [hash, deriveCredential(hash, password, salt, ITERATIONS)])),
      );
    }
    for (const [name, text] of Object.entries(hashes)) {
      try {
        this.users.set(name, new Map([["sha256", parsePasswordHash(text)]]));
      } catch (error) {
        throw new Error(`user "${name}": ${(error as Error).message}`, { cause: error });
      }
    }
  }

  get size(): number {
    return this.users.size;
  }

  /** Whether every user can authenticate with SCRAM over `hash` (the mechanism list precedes the name). */
  supports(hash: ScramHash): boolean {
    return [...this.users.values()].every((credentials) => credentials.has(hash));
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
