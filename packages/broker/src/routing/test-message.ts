import type { PublishedMessage } from "./published-message";

/** A PublishedMessage for unit tests of routing and queues: the fields given, defaults for the rest. */
export function testMessage(fields: Partial<PublishedMessage> = {}): PublishedMessage {
  return {
    bytes: Buffer.alloc(10),
    durable: false,
    priority: 4,
    expiresAt: undefined,
    deliverAt: undefined,
    groupId: undefined,
    to: undefined,
    subject: undefined,
    routingKey: undefined,
    destinationKind: undefined,
    applicationProperties: new Map(),
    publisher: {},
    ...fields,
  };
}
