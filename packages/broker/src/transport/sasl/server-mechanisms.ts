import { ScramServer } from "./scram-server";
import { type ScramHash, UserStore } from "./user-store";

export interface SaslServerOptions {
  /** name → password; with users, clients must authenticate (SCRAM or PLAIN). */
  users?: Record<string, string>;
  /** name → `SCRAM-SHA-256$…` password hash, from a config file. */
  userHashes?: Record<string, string>;
  /** Offer ANONYMOUS as well as the credentialed mechanisms. Default: only when there are no users. */
  allowAnonymous?: boolean;
}

type Factory = () => unknown;

const SCRAM_MECHANISMS: ReadonlyArray<[string, ScramHash]> = [
  ["SCRAM-SHA-512", "sha512"],
  ["SCRAM-SHA-256", "sha256"],
  ["SCRAM-SHA-1", "sha1"],
];

/**
 * The server mechanism table for rhea's container, strongest first (the order of sasl-mechanisms):
 * SCRAM-SHA-512, -256, -1 (each only when every user has keys for it: users from password hashes have
 * SHA-256 only) and PLAIN for configured users, ANONYMOUS when allowed. EXTERNAL is added by rhea per
 * connection, only on TLS sockets with a verified client certificate (enable_sasl_external).
 * @throws Error when a password hash is malformed.
 */
export function serverMechanisms(options: SaslServerOptions): Record<string, Factory> {
  const mechanisms: Record<string, Factory> = {};
  const store = new UserStore({ passwords: options.users ?? {}, hashes: options.userHashes ?? {} });
  const users = store.size > 0 ? store : undefined;
  if (users) {
    for (const [name, hash] of SCRAM_MECHANISMS) {
      if (users.supports(hash)) mechanisms[name] = () => rejecting(new ScramServer(hash, users));
    }
    mechanisms["PLAIN"] = () => plainServer(users);
  }
  if (!users || options.allowAnonymous) mechanisms["ANONYMOUS"] = anonymousServer;
  return mechanisms;
}

/** PLAIN [RFC 4616]: authzid NUL authcid NUL passwd. */
function plainServer(users: UserStore) {
  const mechanism = {
    outcome: undefined as boolean | undefined,
    username: undefined as string | undefined,
    start(response: Buffer | undefined) {
      const [, name = "", password = ""] = (response ?? Buffer.alloc(0)).toString("utf8").split("\0");
      mechanism.outcome = users.verifyPassword(name, password);
      if (mechanism.outcome) mechanism.username = name;
    },
  };
  return mechanism;
}

function anonymousServer() {
  // No user name: the connection is anonymous (security/connection-user.ts).
  return { outcome: true, username: undefined, start() {} };
}

/**
 * rhea calls `start` outside its promise chain, so a throw there would escape as a framing error;
 * a rejected promise becomes a sasl-outcome sys and a closed connection instead.
 */
function rejecting(server: ScramServer): ScramServer {
  const start = server.start.bind(server);
  server.start = ((response: Buffer | undefined) => {
    try {
      return start(response);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }) as typeof server.start;
  return server;
}
