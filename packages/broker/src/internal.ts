/**
 * Unstable internals for sibling packages and tests. Not covered by semver.
 * @packageDocumentation
 */
export { Queue, type DeliveryOutcome } from "./queues/queue";
export { AddressResolver, AddressError } from "./addressing/address-resolver";
export { VirtualHost } from "./routing/virtual-host";
export { Exchange } from "./routing/exchange";
export { TopicPattern } from "./routing/topic-pattern";
