import { JMSException } from "../errors/jms-exception";

/**
 * Everything a connection URI says, parsed and validated once (docs/client/connection-uri.md).
 * The groups mirror the URI prefixes and the keys mirror Qpid JMS's option names, so
 * `jms.prefetchPolicy.queuePrefetch=5` is `options.jms.prefetchPolicy.queuePrefetch === 5`.
 * Durations are milliseconds; a timeout of 0 means "wait forever" (Qpid JMS's -1 is accepted too).
 *
 * Who reads what: the connection factory (credentials, clientID, connect/close/request timeouts),
 * consumers (`prefetchPolicy`, `consumerWindowBytes`, `redeliveryPolicy`, `presettlePolicy.*Consumers`, `validateSelector`),
 * producers (`sendTimeout`, `forceAsyncSend`, `forceSyncSend`, `presettlePolicy.*Producers`,
 * `populateJMSXUserID`), the provider (`amqp.*`, `transport.*`).
 */
export interface ConnectionOptions {
  scheme: UriScheme;
  host: string;
  port: number;
  /** The URI path: the HTTP path of a WebSocket upgrade (`/` when absent). */
  path: string;
  jms: JmsOptions;
  amqp: AmqpOptions;
  transport: TransportOptions;
}

export type UriScheme = "amqp" | "amqps" | "amqpws" | "amqpwss";

export interface JmsOptions {
  /** Fixed ClientID, sent as the AMQP container-id; otherwise one is generated. */
  clientID?: string;
  /** SASL credentials; `createConnection(user, password)` overrides them. */
  username?: string;
  password?: string;
  /** Synchronous send completion, waiting for credit included. 0 = no limit (default). */
  sendTimeout: number;
  /** Other synchronous operations (attach, begin, ...). 0 = no limit (default). */
  requestTimeout: number;
  /** How long `close()` waits for the broker. Default 60000. */
  closeTimeout: number;
  /** Socket, TLS, SASL and AMQP open together. Default 15000. */
  connectTimeout: number;
  /** Every send is asynchronous (resolves once written). Default false. */
  forceAsyncSend: boolean;
  /** Every send waits for the broker's settlement, non-persistent ones too. Default false. */
  forceSyncSend: boolean;
  /** Put the authenticated user name in JMSXUserID (AMQP user-id); otherwise it is cleared. Default false. */
  populateJMSXUserID: boolean;
  /** Parse selectors locally before attaching. Default true. */
  validateSelector: boolean;
  /** A pulling (prefetch 0) consumer's timed receive only checks its buffer: no pull, no drain. Default false. */
  receiveLocalOnly: boolean;
  /** A pulling (prefetch 0) consumer's receiveNoWait only checks its buffer: no drain. Default false. */
  receiveNoWaitLocalOnly: boolean;
  /** jms-ts extra: written-but-unsettled bytes a producer allows before sends wait. Default 1 MiB. */
  producerWindowBytes: number;
  /**
   * jms-ts extra: bytes a consumer may hold that the application has not taken yet; credit stops there
   * (one message always flows into an empty buffer). Prefetch still caps the count; 0 = no byte bound.
   * Default 2 MiB.
   */
  consumerWindowBytes: number;
  prefetchPolicy: PrefetchPolicy;
  redeliveryPolicy: RedeliveryPolicy;
  presettlePolicy: PresettlePolicy;
}

/** Link credit per consumer kind; 0 pulls with drain. `jms.prefetchPolicy.all` sets all four. */
export interface PrefetchPolicy {
  queuePrefetch: number;
  topicPrefetch: number;
  queueBrowserPrefetch: number;
  durableTopicPrefetch: number;
}

export type RedeliveryOutcome =
  "ACCEPTED" | "REJECTED" | "RELEASED" | "MODIFIED_FAILED" | "MODIFIED_FAILED_UNDELIVERABLE";

export interface RedeliveryPolicy {
  /** Deliveries beyond this count are settled with `outcome` instead of delivered; -1 = unlimited. */
  maxRedeliveries: number;
  outcome: RedeliveryOutcome;
}

/** Which links send or receive settled (fire and forget) [qpid-jms 2.12]. All default false. */
export interface PresettlePolicy {
  presettleAll: boolean;
  presettleProducers: boolean;
  presettleTopicProducers: boolean;
  presettleQueueProducers: boolean;
  presettleTransactedProducers: boolean;
  presettleConsumers: boolean;
  presettleTopicConsumers: boolean;
  presettleQueueConsumers: boolean;
}

export const SASL_MECHANISMS = [
  "EXTERNAL",
  "SCRAM-SHA-512",
  "SCRAM-SHA-256",
  "SCRAM-SHA-1",
  "PLAIN",
  "ANONYMOUS",
] as const;
export type SaslMechanismName = (typeof SASL_MECHANISMS)[number];

export interface AmqpOptions {
  /** Advertised idle-time-out; the connection fails if the peer is silent this long. 0 = none. Default 60000. */
  idleTimeout: number;
  /** Open max-frame-size, also the largest frame accepted. Default 1048576. */
  maxFrameSize: number;
  /** Mechanisms the client may use; default all it knows. */
  saslMechanisms: SaslMechanismName[];
  /** Open and SASL hostname; default the URI host; empty = send none. */
  vhost: string | undefined;
  /** How long a drain may go unanswered before the consumer is closed with an error. Default 60000. */
  drainTimeout: number;
}

/** TLS values are Node's: PEM files instead of Java key stores. */
export interface TransportOptions {
  /** Nagle off. Default true. */
  tcpNoDelay: boolean;
  /** Socket connect (TCP and TLS handshake). Default 60000. */
  connectTimeout: number;
  /** PEM file of the CA certificates to trust instead of Node's defaults. */
  ca?: string;
  /** PEM file of the client certificate (enables SASL EXTERNAL). */
  cert?: string;
  /** PEM file of the client certificate's private key. */
  key?: string;
  /** Passphrase of `key`. */
  keyPassphrase?: string;
  /** Check that the server certificate names the host. Default true. */
  verifyHost: boolean;
  /** Accept any server certificate (testing only). Default false. */
  trustAll: boolean;
  /** SNI server name; default the URI host. */
  servername?: string;
}

const DEFAULT_PORTS: Record<UriScheme, number> = { amqp: 5672, amqps: 5671, amqpws: 80, amqpwss: 443 };
const MAX_PREFETCH = 32767;

type Setter = (options: ConnectionOptions, value: string, key: string) => void;

const str =
  (set: (o: ConnectionOptions, v: string) => void): Setter =>
  (o, v) =>
    set(o, v);
const ms =
  (set: (o: ConnectionOptions, v: number) => void): Setter =>
  (o, v, k) =>
    set(o, parseTimeout(k, v));
const bool =
  (set: (o: ConnectionOptions, v: boolean) => void): Setter =>
  (o, v, k) =>
    set(o, parseBoolean(k, v));
const prefetch =
  (field: keyof PrefetchPolicy | "all"): Setter =>
  (o, v, k) => {
    const value = parseInteger(k, v, 0, MAX_PREFETCH);
    const policy = o.jms.prefetchPolicy;
    if (field === "all") {
      policy.queuePrefetch = policy.topicPrefetch = value;
      policy.queueBrowserPrefetch = policy.durableTopicPrefetch = value;
    } else policy[field] = value;
  };
const presettle =
  (field: keyof PresettlePolicy): Setter =>
  (o, v, k) => {
    o.jms.presettlePolicy[field] = parseBoolean(k, v);
  };

/** The one table of connection URI options: name → how its value is parsed and stored. */
const OPTIONS: Record<string, Setter> = {
  "jms.clientID": str((o, v) => (o.jms.clientID = v)),
  "jms.username": str((o, v) => (o.jms.username = v)),
  "jms.password": str((o, v) => (o.jms.password = v)),
  "jms.sendTimeout": ms((o, v) => (o.jms.sendTimeout = v)),
  "jms.requestTimeout": ms((o, v) => (o.jms.requestTimeout = v)),
  "jms.closeTimeout": ms((o, v) => (o.jms.closeTimeout = v)),
  "jms.connectTimeout": ms((o, v) => (o.jms.connectTimeout = v)),
  "jms.forceAsyncSend": bool((o, v) => (o.jms.forceAsyncSend = v)),
  "jms.forceSyncSend": bool((o, v) => (o.jms.forceSyncSend = v)),
  "jms.populateJMSXUserID": bool((o, v) => (o.jms.populateJMSXUserID = v)),
  "jms.validateSelector": bool((o, v) => (o.jms.validateSelector = v)),
  "jms.receiveLocalOnly": bool((o, v) => (o.jms.receiveLocalOnly = v)),
  "jms.receiveNoWaitLocalOnly": bool((o, v) => (o.jms.receiveNoWaitLocalOnly = v)),
  "jms.producerWindowBytes": (o, v, k) =>
    (o.jms.producerWindowBytes = parseInteger(k, v, 1, Number.MAX_SAFE_INTEGER)),
  "jms.consumerWindowBytes": (o, v, k) =>
    (o.jms.consumerWindowBytes = parseInteger(k, v, 0, Number.MAX_SAFE_INTEGER)),
  "jms.prefetchPolicy.all": prefetch("all"),
  "jms.prefetchPolicy.queuePrefetch": prefetch("queuePrefetch"),
  "jms.prefetchPolicy.topicPrefetch": prefetch("topicPrefetch"),
  "jms.prefetchPolicy.queueBrowserPrefetch": prefetch("queueBrowserPrefetch"),
  "jms.prefetchPolicy.durableTopicPrefetch": prefetch("durableTopicPrefetch"),
  "jms.redeliveryPolicy.maxRedeliveries": (o, v, k) =>
    (o.jms.redeliveryPolicy.maxRedeliveries = parseInteger(k, v, -1, 2 ** 31 - 1)),
  "jms.redeliveryPolicy.outcome": (o, v, k) => (o.jms.redeliveryPolicy.outcome = parseOutcome(k, v)),
  "jms.presettlePolicy.presettleAll": presettle("presettleAll"),
  "jms.presettlePolicy.presettleProducers": presettle("presettleProducers"),
  "jms.presettlePolicy.presettleTopicProducers": presettle("presettleTopicProducers"),
  "jms.presettlePolicy.presettleQueueProducers": presettle("presettleQueueProducers"),
  "jms.presettlePolicy.presettleTransactedProducers": presettle("presettleTransactedProducers"),
  "jms.presettlePolicy.presettleConsumers": presettle("presettleConsumers"),
  "jms.presettlePolicy.presettleTopicConsumers": presettle("presettleTopicConsumers"),
  "jms.presettlePolicy.presettleQueueConsumers": presettle("presettleQueueConsumers"),
  "amqp.idleTimeout": ms((o, v) => (o.amqp.idleTimeout = v)),
  "amqp.maxFrameSize": (o, v, k) => (o.amqp.maxFrameSize = parseInteger(k, v, 512, 2 ** 32 - 1)),
  "amqp.saslMechanisms": (o, v, k) => (o.amqp.saslMechanisms = parseMechanisms(k, v)),
  "amqp.vhost": str((o, v) => (o.amqp.vhost = v === "" ? undefined : v)),
  "amqp.drainTimeout": ms((o, v) => (o.amqp.drainTimeout = v)),
  "transport.tcpNoDelay": bool((o, v) => (o.transport.tcpNoDelay = v)),
  "transport.connectTimeout": ms((o, v) => (o.transport.connectTimeout = v)),
  "transport.ca": str((o, v) => (o.transport.ca = v)),
  "transport.cert": str((o, v) => (o.transport.cert = v)),
  "transport.key": str((o, v) => (o.transport.key = v)),
  "transport.keyPassphrase": str((o, v) => (o.transport.keyPassphrase = v)),
  "transport.verifyHost": bool((o, v) => (o.transport.verifyHost = v)),
  "transport.trustAll": bool((o, v) => (o.transport.trustAll = v)),
  "transport.servername": str((o, v) => (o.transport.servername = v)),
};

/** Every option name a connection URI accepts, in documentation order. */
export const CONNECTION_OPTION_NAMES: readonly string[] = Object.keys(OPTIONS);

/** The defaults, for a URI with no options (Qpid JMS's values where it has them). */
export function defaultConnectionOptions(host = "localhost", scheme: UriScheme = "amqp"): ConnectionOptions {
  return {
    scheme,
    host,
    port: DEFAULT_PORTS[scheme],
    path: "/",
    jms: {
      sendTimeout: 0,
      requestTimeout: 0,
      closeTimeout: 60_000,
      connectTimeout: 15_000,
      forceAsyncSend: false,
      forceSyncSend: false,
      populateJMSXUserID: false,
      validateSelector: true,
      receiveLocalOnly: false,
      receiveNoWaitLocalOnly: false,
      producerWindowBytes: 1024 * 1024,
      consumerWindowBytes: 2 * 1024 * 1024,
      prefetchPolicy: {
        queuePrefetch: 1000,
        topicPrefetch: 1000,
        queueBrowserPrefetch: 1000,
        durableTopicPrefetch: 1000,
      },
      redeliveryPolicy: { maxRedeliveries: -1, outcome: "MODIFIED_FAILED_UNDELIVERABLE" },
      presettlePolicy: {
        presettleAll: false,
        presettleProducers: false,
        presettleTopicProducers: false,
        presettleQueueProducers: false,
        presettleTransactedProducers: false,
        presettleConsumers: false,
        presettleTopicConsumers: false,
        presettleQueueConsumers: false,
      },
    },
    amqp: {
      idleTimeout: 60_000,
      maxFrameSize: 1024 * 1024,
      saslMechanisms: [...SASL_MECHANISMS],
      vhost: host,
      drainTimeout: 60_000,
    },
    transport: { tcpNoDelay: true, connectTimeout: 60_000, verifyHost: true, trustAll: false },
  };
}

/**
 * Parses `scheme://host[:port][/path][?name=value&...]`.
 * @throws JMSException naming what is wrong: the scheme, the host, or an option (unknown ones list
 *   every valid name; malformed ones say what is allowed).
 */
export function parseConnectionUri(uri: string): ConnectionOptions {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw invalid(uri, "expected amqp://host[:port][?options]");
  }
  const scheme = url.protocol.slice(0, -1);
  if (!isScheme(scheme))
    throw invalid(uri, `scheme "${scheme}" is not supported; use amqp, amqps, amqpws or amqpwss`);
  if (!url.hostname) throw invalid(uri, "no host");
  if (url.username || url.password)
    throw invalid(uri, "user-info in the URI is not supported; use jms.username and jms.password");
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const options = defaultConnectionOptions(host, scheme);
  if (url.port) options.port = Number(url.port);
  if (url.pathname) options.path = url.pathname;
  for (const [key, value] of url.searchParams) {
    const set = OPTIONS[key];
    if (!set)
      throw invalid(
        uri,
        `unknown connection option "${key}"; valid options: ${CONNECTION_OPTION_NAMES.join(", ")}`,
      );
    set(options, value, key);
  }
  if (options.jms.forceAsyncSend && options.jms.forceSyncSend)
    throw invalid(uri, "jms.forceAsyncSend and jms.forceSyncSend cannot both be true");
  return options;
}

/** The `jms.*` view of a URI, for callers that only need the JMS-level options. */
export function parseJmsOptions(uri: string): JmsOptions {
  return parseConnectionUri(uri).jms;
}

function isScheme(value: string): value is UriScheme {
  return value in DEFAULT_PORTS;
}

function parseTimeout(key: string, value: string): number {
  if (value === "-1") return 0;
  if (!/^\d+$/.test(value))
    throw new JMSException(
      `${key} must be a whole number of milliseconds (or -1 for no limit), got "${value}"`,
    );
  return Number(value);
}

function parseBoolean(key: string, value: string): boolean {
  const lower = value.toLowerCase();
  if (lower === "true") return true;
  if (lower === "false") return false;
  throw new JMSException(`${key} must be true or false, got "${value}"`);
}

function parseInteger(key: string, value: string, min: number, max: number): number {
  const parsed = Number(value);
  if (!/^-?\d+$/.test(value) || parsed < min || parsed > max)
    throw new JMSException(`${key} must be an integer from ${min} to ${max}, got "${value}"`);
  return parsed;
}

const OUTCOMES: readonly RedeliveryOutcome[] = [
  "ACCEPTED",
  "REJECTED",
  "RELEASED",
  "MODIFIED_FAILED",
  "MODIFIED_FAILED_UNDELIVERABLE",
];

function parseOutcome(key: string, value: string): RedeliveryOutcome {
  const outcome = OUTCOMES.find((o) => o === value.toUpperCase());
  if (!outcome) throw new JMSException(`${key} must be one of ${OUTCOMES.join(", ")}, got "${value}"`);
  return outcome;
}

function parseMechanisms(key: string, value: string): SaslMechanismName[] {
  const names = value.split(",").map((name) => name.trim().toUpperCase());
  const mechanisms = names.map((name) => {
    const known = SASL_MECHANISMS.find((m) => m === name);
    if (!known)
      throw new JMSException(`${key}: unknown mechanism "${name}"; supported: ${SASL_MECHANISMS.join(", ")}`);
    return known;
  });
  return mechanisms;
}

function invalid(uri: string, why: string): JMSException {
  return new JMSException(`invalid connection URI "${redact(uri)}": ${why}`);
}

/** Error messages never echo a password. */
function redact(uri: string): string {
  return uri.replace(/(jms\.password=)[^&]*/g, "$1***").replace(/\/\/[^@/]*:[^@/]*@/, "//***@");
}
