// Every AMQP symbol the client writes or reads, in one module (CONVENTIONS rule 5), with Qpid JMS's
// values [qpid-jms 2.1].

export const MessageAnnotation = {
  jmsMessageType: "x-opt-jms-msg-type",
  jmsDestination: "x-opt-jms-dest",
  jmsReplyTo: "x-opt-jms-reply-to",
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
  soleConnectionForContainer: "sole-connection-for-container",
  delayedDelivery: "DELAYED_DELIVERY",
  anonymousRelay: "ANONYMOUS-RELAY",
  sharedSubs: "SHARED-SUBS",
} as const;

export const Outcome = {
  accepted: "amqp:accepted:list",
  rejected: "amqp:rejected:list",
  released: "amqp:released:list",
  modified: "amqp:modified:list",
} as const;

export const Condition = {
  unauthorizedAccess: "amqp:unauthorized-access",
  notFound: "amqp:not-found",
  resourceLimitExceeded: "amqp:resource-limit-exceeded",
  invalidField: "amqp:invalid-field",
  notImplemented: "amqp:not-implemented",
  illegalState: "amqp:illegal-state",
  internalError: "amqp:internal-error",
  precondition: "amqp:precondition-failed",
  transactionRollback: "amqp:transaction:rollback",
  connectionForced: "amqp:connection:forced",
  messageSizeExceeded: "amqp:link:message-size-exceeded",
} as const;

export const ConnectionProperty = {
  product: "product",
  version: "version",
  platform: "platform",
} as const;

export const ContentType = {
  octetStream: "application/octet-stream",
} as const;
