// Every AMQP symbol the broker writes, in one place [AMQP 2.8.15, 3.5.x].

export const Condition = {
  invalidField: "amqp:invalid-field",
  notFound: "amqp:not-found",
  notImplemented: "amqp:not-implemented",
  internalError: "amqp:internal-error",
  connectionForced: "amqp:connection:forced",
} as const;

/** Node type capabilities Qpid JMS puts on link termini [qpid-jms 2.1]. */
export const Capability = {
  queue: "queue",
} as const;

export const ConnectionProperty = {
  product: "product",
  version: "version",
} as const;
