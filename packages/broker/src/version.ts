/** Announced in the AMQP open frame's `version` property; kept in step with package.json. */
export const BROKER_VERSION = "0.1.0";
