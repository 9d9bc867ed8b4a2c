import type { Queue } from "../queues/queue";
import type { Topic } from "./topic";

/** What an address resolves to. Issue 5 adds exchanges. */
export type Node = Queue | Topic;

/**
 * Stores a message on a node: a queue keeps it for one consumer, a topic copies it to its subscriptions.
 * Returns how many copies were stored (0 for a topic with no subscribers: accepted and dropped).
 */
export function publish(node: Node, bytes: Buffer, publisher: object): number {
  if (node.kind === "queue") {
    node.enqueue(bytes);
    return 1;
  }
  return node.publish(bytes, publisher);
}
