import type { Connection } from "rhea";

/** How a connection proved who it is: the SASL mechanism, and the user it proved (none for ANONYMOUS). */
export interface Authentication {
  readonly mechanism: string;
  readonly user: string | undefined;
}

/**
 * rhea keeps the SASL server of a connection (behind a protocol selector when bare AMQP is allowed too)
 * and, on it, the mechanism object that ran and the outcome code it sent [rhea lib/sasl.js].
 */
interface SaslServerState {
  outcome?: number;
  mechanism?: object;
}
interface ConnectionInternals {
  sasl_transport?: SaslServerState & { transports?: Record<number, SaslServerState | undefined> };
  socket?: {
    authorized?: boolean;
    getPeerCertificate?(): { subject?: { CN?: string | string[] } } | undefined;
  };
}

/** sasl-outcome code ok [AMQP 5.3.3.6]. */
const SASL_OK = 0;
const SASL_PROTOCOL_ID = 3;

/** Filled by the broker's own mechanism objects when their exchange succeeds (transport/sasl). */
const proven = new WeakMap<object, Authentication>();

/** Called by a server mechanism object as it decides success, before rhea sends outcome ok. */
export function recordAuthentication(mechanism: object, authentication: Authentication): void {
  proven.set(mechanism, authentication);
}

/**
 * How `connection` authenticated; undefined when it completed no SASL exchange (a bare AMQP header, which
 * the broker only lets through when anonymous connections are allowed). The only mechanism the broker did
 * not write is rhea's EXTERNAL, offered on TLS sockets with a verified client certificate: its user is the
 * certificate subject's common name [RFC 4422 appendix A].
 */
export function authenticationOf(connection: Connection): Authentication | undefined {
  const internals = connection as unknown as ConnectionInternals;
  const transport = internals.sasl_transport;
  const server = transport?.transports ? transport.transports[SASL_PROTOCOL_ID] : transport;
  if (server?.outcome !== SASL_OK || server.mechanism === undefined) return undefined;
  const ours = proven.get(server.mechanism);
  if (ours) return ours;
  const socket = internals.socket;
  if (!socket?.authorized || typeof socket.getPeerCertificate !== "function") return undefined;
  const cn = socket.getPeerCertificate()?.subject?.CN;
  return { mechanism: "EXTERNAL", user: Array.isArray(cn) ? cn[0] : cn };
}

/**
 * The authenticated user of a connection: the name a PLAIN or SCRAM exchange proved, or for SASL EXTERNAL
 * the common name of the verified client certificate; undefined for ANONYMOUS and for no SASL at all.
 */
export function userOf(connection: Connection): string | undefined {
  return authenticationOf(connection)?.user;
}
