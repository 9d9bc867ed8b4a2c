/**
 * The message annotations (and application properties) routing reads from a published message
 * [qpid-jms 2.3 x-opt-jms-dest, 2.4 delivery delay; Broker-J routing keys]. Message-level names live here
 * in the domain; link and connection symbols stay in transport/amqp-symbols.ts.
 */
export const MessageAnnotation = {
  jmsDestination: "x-opt-jms-dest",
  deliveryTime: "x-opt-delivery-time",
  deliveryDelay: "x-opt-delivery-delay",
  routingKey: "routing-key",
  routingKeyUnderscore: "routing_key",
} as const;
