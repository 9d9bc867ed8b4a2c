/**
 * Unstable internals for sibling packages and tests. Not covered by semver.
 * @packageDocumentation
 */
export { Queue, type DeliveryOutcome } from "./queues/queue";
export { QueueRegistry } from "./queues/queue-registry";
export { AddressResolver, AddressError } from "./addressing/address-resolver";
export { Topic, type Subscription } from "./routing/topic";
export { TopicRegistry } from "./routing/topic-registry";
