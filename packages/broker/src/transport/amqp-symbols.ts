// Every AMQP symbol the broker reads or writes, in one place [AMQP 2.8.15, 3.5.x].

export const Condition = {
  invalidField: "amqp:invalid-field",
  notFound: "amqp:not-found",
  notImplemented: "amqp:not-implemented",
  internalError: "amqp:internal-error",
  decodeError: "amqp:decode-error",
  resourceDeleted: "amqp:resource-deleted",
  connectionForced: "amqp:connection:forced",
  messageSizeExceeded: "amqp:link:message-size-exceeded",
  unauthorizedAccess: "amqp:unauthorized-access",
  resourceLocked: "amqp:resource-locked",
  resourceLimitExceeded: "amqp:resource-limit-exceeded",
  preconditionFailed: "amqp:precondition-failed",
  notAllowed: "amqp:not-allowed",
  transactionUnknownId: "amqp:transaction:unknown-id",
  transactionRollback: "amqp:transaction:rollback",
} as const;

/** Transaction descriptors [AMQP 4.5] the broker writes or reads through rhea, and the coordinator's capability. */
export const TransactionCode = {
  declared: 0x33,
  transactionalState: 0x34,
  transactionalStateSymbol: "amqp:transactional-state:list",
  localTransactions: "amqp:local-transactions",
} as const;

/** Node type capabilities Qpid JMS puts on link termini [qpid-jms 2.1]. */
export const Capability = {
  queue: "queue",
  topic: "topic",
  temporaryQueue: "temporary-queue",
  temporaryTopic: "temporary-topic",
  /** Broker-J's target capabilities for what an exchange does with a message no binding matches. */
  discardUnroutable: "DISCARD_UNROUTABLE",
  rejectUnroutable: "REJECT_UNROUTABLE",
  /** Source capabilities of a JMS shared subscription, and of one not scoped by container-id [qpid-jms 2.7]. */
  shared: "shared",
  global: "global",
} as const;

/** Capabilities the broker offers on open [AMQP 2.7.1]. */
export const ConnectionCapability = {
  anonymousRelay: "ANONYMOUS-RELAY",
  delayedDelivery: "DELAYED_DELIVERY",
  /** JMS 2.0 shared subscriptions [qpid-jms 2.7]. */
  sharedSubs: "SHARED-SUBS",
} as const;

export const ConnectionProperty = {
  product: "product",
  version: "version",
} as const;

/** The byte values of the `x-opt-jms-dest` message annotation [qpid-jms 2.3]. */
export const JmsDestinationType = {
  queue: 0,
  topic: 1,
  temporaryQueue: 2,
  temporaryTopic: 3,
} as const;

/** Source filters the broker applies; Qpid JMS sends the descriptor as a ulong, others as a symbol. */
export const NoLocalFilter = {
  symbol: "apache.org:no-local-filter:list",
  code: 0x0000468c00000003,
  legacySymbol: "apache.org:jms-no-local-filter:list",
} as const;

/** The JMS selector source filter [qpid-jms 2.1]: its string value is the selector. */
export const SelectorFilter = {
  symbol: "apache.org:selector-filter:string",
  code: 0x0000468c00000004,
} as const;

/**
 * Source terminus durability and expiry [AMQP 3.5.5, 3.5.6]: a durable JMS subscription asks for
 * unsettled-state durability and expiry-policy never [qpid-jms 2.6].
 */
export const TerminusDurability = { none: 0, configuration: 1, unsettledState: 2 } as const;
export const ExpiryPolicy = {
  linkDetach: "link-detach",
  sessionEnd: "session-end",
  connectionClose: "connection-close",
  never: "never",
} as const;

/** Legacy binding filters: their string value is the binding key of an exchange subscription [Broker-J]. */
export const BindingFilter = {
  direct: "apache.org:legacy-amqp-direct-binding:string",
  directCode: 0x0000468c00000000,
  topic: "apache.org:legacy-amqp-topic-binding:string",
  topicCode: 0x0000468c00000001,
} as const;

/**
 * How a source hands out messages [AMQP 3.5.3 distribution-mode]: `move` acquires them (a consumer),
 * `copy` shows them and leaves them in place (a browser).
 */
export const DistributionMode = { move: "move", copy: "copy" } as const;
export type DistributionMode = (typeof DistributionMode)[keyof typeof DistributionMode];
