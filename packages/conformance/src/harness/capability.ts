/**
 * What a target can do, as far as the JMS behaviour suite is concerned. A case names the capabilities it
 * needs; it runs only on targets that claim all of them, and a failure there fails the run.
 */
export const CAPABILITIES = {
  queues: "point-to-point queues addressed by name",
  topics: "publish/subscribe topics",
  selectors: "JMS message selectors applied by the broker",
  "selector-unknown-equality":
    "selectors treat = and <> on a missing property as unknown, so NOT does not select it [JMS 2.0 3.8.1.2]",
  transactions: "local transactions through an AMQP transaction coordinator",
  "durable-subscriptions": "durable topic subscriptions",
  "shared-subscriptions": "shared (JMS 2.0) topic subscriptions",
  "temporary-destinations": "temporary queues and topics (AMQP dynamic nodes)",
  "anonymous-relay": "a producer with no destination, routed by each message's `to`",
  "delayed-delivery": "JMSDeliveryTime / delivery delay",
  priority: "delivery in JMSPriority order",
  "message-groups": "JMSXGroupID groups delivered to one consumer",
  redelivery: "unacknowledged messages redelivered with JMSRedelivered set",
  drain: "link drain answered with what the queue holds [AMQP 2.6.7]: prefetch-0 receiveNoWait, browser end",
  browsing: "QueueBrowser: a distribution-mode copy source that leaves the messages on the queue",
  "qpid-jms-interop": "carrying messages between Qpid JMS (Java) and jms-ts",
  "proton-interop": "carrying messages between Qpid Proton (Python) and jms-ts",
  exchanges: "AMQP 0-10 style exchanges and bindings addressed as X and X/key, Broker-J's model",
  restart:
    "the harness can restart the broker keeping its data: persistent messages, durable queues and subscriptions [JMS 2.0 4.7]",
  "restart-redelivery":
    "a message delivered but not acknowledged before a restart comes back with JMSRedelivered set and JMSXDeliveryCount raised (delivery counts kept across restarts)",
  "restart-redelivery-in-flight":
    "the same for a message still out with an open consumer when the broker stops: its delivery count is on disk before the stop",
} as const;

export type Capability = keyof typeof CAPABILITIES;

export function isCapability(name: string): name is Capability {
  return Object.hasOwn(CAPABILITIES, name);
}
