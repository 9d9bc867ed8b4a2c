/** What the broker knows of one client connection, for monitoring (and the management API to come). */
export interface ConnectionStats {
  containerId: string;
  /** The authenticated user; undefined for ANONYMOUS. */
  user: string | undefined;
  /** `host:port` of the client. */
  remoteAddress: string;
  /** Milliseconds since the epoch. */
  connectedAt: number;
  /** Open sessions and links now. */
  sessions: number;
  links: number;
  /** Messages the client published that the broker accepted. */
  messagesIn: number;
  /** Messages the broker delivered to the client. */
  messagesOut: number;
}

/** A snapshot of one connection. */
export type ConnectionInfo = Readonly<ConnectionStats>;
