import { ScramServer } from "./scram-server";
import { UserStore } from "./user-store";

export interface SaslServerOptions {
  /** name → password; when present, clients must authenticate (SCRAM or PLAIN). */
  users?: Record<string, string>;
  /** Offer ANONYMOUS as well as the credentialed mechanisms. Default: only when there are no users. */
  allowAnonymous?: boolean;
}

type Factory = () => unknown;

/**
 * The server mechanism table for rhea's container, strongest first (the order of sasl-mechanisms):
 * SCRAM-SHA-512, -256, -1 and PLAIN for configured users, ANONYMOUS when allowed. EXTERNAL is added by
 * rhea per connection, only on TLS sockets with a verified client certificate (enable_sasl_external).
 */
export function serverMechanisms(options: SaslServerOptions): Record<string, Factory> {
  const mechanisms: Record<string, Factory> = {};
  const users =
    options.users && Object.keys(options.users).length > 0 ? new UserStore(options.users) : undefined;
  if (users) {
    mechanisms["SCRAM-SHA-512"] = () => rejecting(new ScramServer("sha512", users));
    mechanisms["SCRAM-SHA-256"] = () => rejecting(new ScramServer("sha256", users));
    mechanisms["SCRAM-SHA-1"] = () => rejecting(new ScramServer("sha1", users));
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
  return { outcome: true, username: "anonymous", start() {} };
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
