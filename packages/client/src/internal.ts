/**
 * Unstable internals for sibling packages and tests: the facade class that takes any provider, and the
 * provider contract. Not covered by semver.
 * @packageDocumentation
 */
export { JmsConnectionFactory } from "./jms/connection-factory";
export type { Provider, ProviderFactory, InboundDelivery, AckOutcome } from "./provider/provider";
export type { ProviderListener } from "./provider/provider-listener";
export { ProviderError, type ProviderErrorKind } from "./provider/provider-error";
export { AmqpProvider } from "./provider/amqp/amqp-provider";
