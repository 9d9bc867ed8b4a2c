import type { Connection, Container, EventContext } from "rhea";
import { type BrokerLogger, silentLogger } from "../../logger";
import { authenticationOf, recordAuthentication } from "../../security/connection-user";
import { Condition } from "../amqp-symbols";
import { type FailureReport, ScramServer } from "./scram-server";
import { type ScramHash, UserStore } from "./user-store";

export interface SaslServerOptions {
  /** name → password; with users, clients must authenticate (SCRAM or PLAIN). */
  users?: Record<string, string>;
  /** name → `SCRAM-SHA-256$…` password hash, from a config file. */
  userHashes?: Record<string, string>;
  /** Offer ANONYMOUS as well as the credentialed mechanisms. Default: only when there are no users. */
  allowAnonymous?: boolean;
}

/** What rhea's SASL server calls per exchange: a fresh mechanism object with start (and step). */
export type MechanismFactory = () => object;

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
 * Failed attempts are logged as one warning each, naming mechanism and user.
 * @throws Error when a password hash is malformed.
 */
export function serverMechanisms(
  options: SaslServerOptions,
  logger: BrokerLogger = silentLogger,
): Record<string, MechanismFactory> {
  return mechanismTable(userStoreOf(options), options.allowAnonymous === true, logger);
}

/**
 * Installs the mechanism table on `container` and, when credentials are required, refuses at open with
 * amqp:unauthorized-access a client that skipped SASL (sent the bare AMQP protocol header) [AMQP 5.3.1].
 * Install before the broker's own connection_open handler, which then sees such a connection closed.
 * @throws Error when a password hash is malformed.
 */
export function installSaslServer(
  container: Container,
  options: SaslServerOptions,
  logger: BrokerLogger = silentLogger,
): void {
  const users = userStoreOf(options);
  const table = mechanismTable(users, options.allowAnonymous === true, logger);
  container.sasl_server_mechanisms = table;
  if (users === undefined || options.allowAnonymous === true) return;
  const offered = Object.keys(table).join(", ");
  container.on("connection_open", (context: EventContext) => {
    const connection: Connection = context.connection;
    if (authenticationOf(connection) !== undefined) return;
    logger.warn(
      `refused a connection from container "${connection.container_id}": it skipped SASL, and this ` +
        `broker requires authentication`,
    );
    connection.close({
      condition: Condition.unauthorizedAccess,
      description: `this broker requires SASL authentication (offered: ${offered}); the client sent none`,
    });
  });
}

function userStoreOf(options: SaslServerOptions): UserStore | undefined {
  const store = new UserStore({ passwords: options.users ?? {}, hashes: options.userHashes ?? {} });
  return store.size > 0 ? store : undefined;
}

function mechanismTable(
  users: UserStore | undefined,
  allowAnonymous: boolean,
  logger: BrokerLogger,
): Record<string, MechanismFactory> {
  const reporter =
    (mechanism: string): FailureReport =>
    (user, reason) =>
      logger.warn(
        `authentication failed: ${mechanism}${user === undefined ? "" : ` as user "${user}"`}: ${reason}`,
      );
  if (users === undefined || allowAnonymous) {
    const table: Record<string, MechanismFactory> = Object.create(null) as Record<string, MechanismFactory>;
    if (users) addCredentialed(table, users, reporter);
    table["ANONYMOUS"] = () => anonymousServer(true, reporter("ANONYMOUS"));
    return table;
  }
  // rhea lets a bare AMQP header through (a protocol selector rather than a SASL-only server) when the
  // table has an ANONYMOUS entry, but offers only the table's own names [rhea lib/connection.js init].
  // An inherited entry that refuses brings such a client to its open, where installSaslServer refuses it
  // with a reason, instead of a silently dropped socket; it is never offered.
  const hidden = Object.create(null) as Record<string, MechanismFactory>;
  hidden["ANONYMOUS"] = () => anonymousServer(false, reporter("ANONYMOUS"));
  const table = Object.create(hidden) as Record<string, MechanismFactory>;
  addCredentialed(table, users, reporter);
  return table;
}

function addCredentialed(
  table: Record<string, MechanismFactory>,
  users: UserStore,
  reporter: (mechanism: string) => FailureReport,
): void {
  for (const [name, hash] of SCRAM_MECHANISMS) {
    if (users.supports(hash)) table[name] = () => rejecting(new ScramServer(hash, users, reporter(name)));
  }
  table["PLAIN"] = () => plainServer(users, reporter("PLAIN"));
}

/** PLAIN [RFC 4616]: authzid NUL authcid NUL passwd. */
function plainServer(users: UserStore, report: FailureReport) {
  const server = {
    outcome: undefined as boolean | undefined,
    username: undefined as string | undefined,
    async start(response: Buffer | undefined): Promise<void> {
      const fields = (response ?? Buffer.alloc(0)).toString("utf8").split("\0");
      const [authzid = "", name = "", password = ""] = fields;
      let failure: string | undefined;
      if (fields.length !== 3) failure = "malformed response (expected authzid NUL authcid NUL password)";
      else if (authzid !== "" && authzid !== name) failure = `may not act as "${authzid}"`;
      else if (!(await users.verifyPassword(name, password)))
        failure = users.has(name) ? "wrong password" : "unknown user";
      if (failure !== undefined) {
        report(fields.length === 3 ? name : undefined, failure);
        server.outcome = false;
        return;
      }
      recordAuthentication(server, { mechanism: "PLAIN", user: name });
      server.username = name;
      server.outcome = true;
    },
  };
  return server;
}

/** ANONYMOUS [RFC 4505]: no user. Refusing when it is not offered but a client asks for it anyway. */
function anonymousServer(allowed: boolean, report: FailureReport) {
  const server = {
    outcome: undefined as boolean | undefined,
    username: undefined,
    start(): void {
      if (allowed) recordAuthentication(server, { mechanism: "ANONYMOUS", user: undefined });
      else report(undefined, "anonymous connections are not allowed");
      server.outcome = allowed;
    },
  };
  return server;
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
