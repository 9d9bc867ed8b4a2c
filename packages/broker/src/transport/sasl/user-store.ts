import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { parsePasswordHash } from "../../security/password-hash";
import {
  deriveCredential,
  deriveCredentialAsync,
  type ScramCredential,
  type ScramHash,
} from "../../security/scram-credential";

export type { ScramCredential, ScramHash } from "../../security/scram-credential";

/** Users from the `users` option or --user (passwords) and from a config file (password hashes). */
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
  /** Keys the made-up salts of unknown names, so SCRAM does not reveal which users exist [RFC 5802 5.1]. */
  private readonly secret = randomBytes(32);
  /** PLAIN derives against this for unknown names, so they take as long as a wrong password. */
  private readonly decoy = deriveCredential("sha256", randomBytes(16).toString("hex"), randomBytes(16), 1);

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
      // A password from the users option (--user) wins over the config file's hash (BrokerOptions).
      if (this.users.has(name)) continue;
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

  has(name: string): boolean {
    return this.users.has(name);
  }

  /** Whether every user can authenticate with SCRAM over `hash` (the mechanism list precedes the name). */
  supports(hash: ScramHash): boolean {
    return [...this.users.values()].every((credentials) => credentials.has(hash));
  }

  credential(name: string, hash: ScramHash): ScramCredential | undefined {
    return this.users.get(name)?.get(hash);
  }

  /**
   * Salt and iterations to announce for `name`. An unknown name gets a salt that is the same on every
   * attempt and the iteration count real users have, so its server-first looks like a real user's.
   */
  saltFor(name: string, hash: ScramHash): { salt: Buffer; iterations: number } {
    const known = this.credential(name, hash);
    if (known) return known;
    return {
      salt: createHmac("sha256", this.secret).update(`${hash}:${name}`).digest().subarray(0, 16),
      iterations: this.typicalIterations(hash),
    };
  }

  /** PLAIN: resolves true when `password` is the user's; unknown users cost the same and resolve false. */
  async verifyPassword(name: string, password: string): Promise<boolean> {
    const known = this.credential(name, "sha256");
    const against = known ?? { ...this.decoy, iterations: this.typicalIterations("sha256") };
    const offered = await deriveCredentialAsync("sha256", password, against.salt, against.iterations);
    return timingSafeEqual(offered.storedKey, against.storedKey) && known !== undefined;
  }

  private typicalIterations(hash: ScramHash): number {
    for (const credentials of this.users.values()) {
      const credential = credentials.get(hash);
      if (credential) return credential.iterations;
    }
    return ITERATIONS;
  }
}
