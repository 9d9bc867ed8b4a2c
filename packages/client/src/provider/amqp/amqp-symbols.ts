// Every AMQP symbol the client writes or reads, in one module (CONVENTIONS rule 5), with Qpid JMS's
// values [qpid-jms 2.1].

export const MessageAnnotation = {
  jmsMessageType: "x-opt-jms-msg-type",
  jmsDestination: "x-opt-jms-dest",
  jmsReplyTo: "x-opt-jms-reply-to",
  /** Read only: older Qpid clients' comma-separated type strings (queue, topic, temporary). */
  legacyToType: "x-opt-to-type",
  legacyReplyType: "x-opt-reply-type",
  /** JMSDeliveryTime (long or timestamp, ms since the epoch); written only for a delivery delay > 0. */
  deliveryTime: "x-opt-delivery-time",
} as const;

/** x-opt-jms-msg-type values (byte). */
export const JmsMessageType = {
  message: 0,
  object: 1,
  map: 2,
  bytes: 3,
  stream: 4,
  text: 5,
} as const;

/** x-opt-jms-dest / x-opt-jms-reply-to values (byte). */
export const JmsDestinationType = {
  queue: 0,
  topic: 1,
  temporaryQueue: 2,
  temporaryTopic: 3,
} as const;

export const Capability = {
  queue: "queue",
  topic: "topic",
  temporaryQueue: "temporary-queue",
  temporaryTopic: "temporary-topic",
  soleConnectionForContainer: "sole-connection-for-container",
  delayedDelivery: "DELAYED_DELIVERY",
  anonymousRelay: "ANONYMOUS-RELAY",
  sharedSubs: "SHARED-SUBS",
  /** Source capabilities of a shared subscription, and of one not scoped by a ClientID [qpid-jms 2.7]. */
  shared: "shared",
  global: "global",
} as const;

/** Source filters, keyed and described as Qpid JMS writes them [qpid-jms 2.1]. */
export const Filter = {
  noLocalKey: "no-local",
  /** apache.org:no-local-filter:list as its ulong code. */
  noLocalDescriptor: 0x0000468c00000003,
  /** Qpid JMS's value for the no-local filter. */
  noLocalValue: "NoLocalFilter{}",
  selectorKey: "jms-selector",
  /** apache.org:selector-filter:string as its ulong code; the value is the selector text. */
  selectorDescriptor: 0x0000468c00000004,
} as const;

/** Terminus values for dynamic nodes and browsing [AMQP 3.5.3, 3.5.9]. */
export const Terminus = {
  distributionCopy: "copy",
  lifetimePolicy: "lifetime-policy",
  /** amqp:delete-on-close:list as its ulong code [AMQP 3.5.10]. */
  deleteOnCloseDescriptor: 0x2b,
  /** terminus-durability unsettled-state and terminus-expiry-policy never: a durable subscription [qpid-jms 2.6]. */
  durableUnsettledState: 2,
  expiryNever: "never",
} as const;

export const Outcome = {
  accepted: "amqp:accepted:list",
  rejected: "amqp:rejected:list",
  released: "amqp:released:list",
  modified: "amqp:modified:list",
} as const;

/** Local transactions [AMQP 4.5]: descriptor codes and the coordinator capability [qpid-jms 2.10]. */
export const Transaction = {
  coordinator: 0x30,
  declare: 0x31,
  discharge: 0x32,
  declared: 0x33,
  transactionalState: 0x34,
  /** The accepted outcome's code [AMQP 3.4.2]: the outcome of a transactional ack. */
  accepted: 0x24,
  localTransactions: "amqp:local-transactions",
} as const;

export const Condition = {
  unauthorizedAccess: "amqp:unauthorized-access",
  notFound: "amqp:not-found",
  /** A durable subscription already in use by another link [AMQP 2.8.15]. */
  resourceLocked: "amqp:resource-locked",
  resourceLimitExceeded: "amqp:resource-limit-exceeded",
  invalidField: "amqp:invalid-field",
  notImplemented: "amqp:not-implemented",
  illegalState: "amqp:illegal-state",
  internalError: "amqp:internal-error",
  precondition: "amqp:precondition-failed",
  transactionRollback: "amqp:transaction:rollback",
  transactionUnknownId: "amqp:transaction:unknown-id",
  connectionForced: "amqp:connection:forced",
  messageSizeExceeded: "amqp:link:message-size-exceeded",
} as const;

export const ConnectionProperty = {
  product: "product",
  version: "version",
  platform: "platform",
  /** In a refusing open, announces the close that follows [qpid-jms 2.8]. */
  connectionEstablishmentFailed: "connection-establishment-failed",
} as const;

/** Keys of an error's info map [qpid-jms 2.6]: which open field the broker refused. */
export const ErrorInfo = {
  invalidField: "invalid-field",
  containerId: "container-id",
} as const;

export const ContentType = {
  octetStream: "application/octet-stream",
  javaSerialized: "application/x-java-serialized-object",
} as const;
