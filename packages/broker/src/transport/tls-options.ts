/** A TLS listener [AMQP 5.2]: PEM contents (the CLI reads them from files). */
export interface BrokerTlsOptions {
  /** Port of the TLS listener; 0 picks a free one. Default 5671. */
  port?: number;
  key: string | Buffer;
  cert: string | Buffer;
  /** CAs that sign client certificates; with `requestCert`, a verified certificate enables SASL EXTERNAL. */
  ca?: string | Buffer;
  /** Ask clients for a certificate (not required: those without one use SCRAM, PLAIN or ANONYMOUS). */
  requestCert?: boolean;
}

/** rhea/Node listen options for a TLS port. */
export function tlsListenOptions(tls: BrokerTlsOptions): Record<string, unknown> {
  const requestCert = tls.requestCert ?? tls.ca !== undefined;
  return {
    transport: "tls",
    key: tls.key,
    cert: tls.cert,
    ...(tls.ca === undefined ? {} : { ca: tls.ca }),
    requestCert,
    // An unverified certificate is not a reason to refuse the socket: it only withholds EXTERNAL.
    rejectUnauthorized: false,
    enable_sasl_external: requestCert,
  };
}
