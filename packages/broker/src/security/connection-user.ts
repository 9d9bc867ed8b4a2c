import type { Connection } from "rhea";

interface SaslState {
  sasl_transport?: { username?: string };
  socket?: {
    getPeerCertificate?(): { subject?: { CN?: string | string[] } } | undefined;
    authorized?: boolean;
  };
}

/**
 * The authenticated user of a connection: the name a PLAIN or SCRAM exchange proved, or for SASL EXTERNAL
 * the common name of the verified client certificate [RFC 4422 EXTERNAL]; undefined for ANONYMOUS.
 */
export function userOf(connection: Connection): string | undefined {
  const state = connection as unknown as SaslState;
  const name = state.sasl_transport?.username;
  if (name !== undefined) return name;
  const socket = state.socket;
  if (!socket?.authorized || typeof socket.getPeerCertificate !== "function") return undefined;
  const cn = socket.getPeerCertificate()?.subject?.CN;
  return Array.isArray(cn) ? cn[0] : cn;
}
