import { randomUUID } from "node:crypto";
import type { Queue } from "../queues/queue";
import type { QueueRegistry } from "../queues/queue-registry";
import type { Node } from "../routing/node";
import type { Topic } from "../routing/topic";
import type { TopicRegistry } from "../routing/topic-registry";
import type { NodeKind } from "./node-kind";

/** Why an address could not be resolved; the transport turns it into an attach refusal. */
export class AddressError extends Error {
  override readonly name = "AddressError";
  constructor(
    readonly condition: "invalid-field" | "not-found" | "not-implemented",
    message: string,
  ) {
    super(message);
  }
}

const MAX_ADDRESS_LENGTH = 255;
/** Broker-J's topic exchange: `amq.topic/<name>` is the topic `<name>`. */
const TOPIC_EXCHANGE_PREFIX = "amq.topic/";
/** Names of dynamic nodes; never auto-created, so a deleted one is not found rather than revived. */
const TEMPORARY_PREFIX = { queue: "TempQueue-", topic: "TempTopic-" } as const;

/**
 * Maps an address and the capabilities on a link terminus to the node behind it (docs/broker/addressing.md):
 * the `topic` capability (or `amq.topic/<name>`) names a topic, `queue` or no capability a queue, created
 * on first use (Broker-J's node auto-creation); without a capability an existing topic wins. A queue and a
 * topic never share a name.
 */
export class AddressResolver {
  constructor(
    private readonly queues: QueueRegistry,
    private readonly topics: TopicRegistry,
    private readonly newId: () => string = randomUUID,
  ) {}

  /** The node for an address and the terminus capabilities (or a relayed message's destination kind). */
  resolve(address: unknown, kind: NodeKind | undefined): Node {
    const requested = checkAddress(address);
    let name = requested;
    if (name.startsWith(TOPIC_EXCHANGE_PREFIX)) {
      name = name.slice(TOPIC_EXCHANGE_PREFIX.length);
      if (kind === "queue") throw new AddressError("not-found", `"${requested}" names a topic, not a queue`);
      if (name.length === 0 || /[*#]/.test(name)) {
        throw new AddressError(
          "not-implemented",
          `"${requested}": only amq.topic/<topic name> is supported; wildcard bindings come with exchanges (issue 5)`,
        );
      }
      kind = "topic";
    }
    const queue = this.queues.get(name);
    const topic = this.topics.get(name);
    if (kind === "topic") return topic ?? this.create("topic", name, queue);
    if (kind === "queue") return queue ?? this.create("queue", name, topic);
    return topic ?? queue ?? this.create("queue", name, undefined);
  }

  /** Creates a dynamic node with a fresh unique name [AMQP 3.5.3 dynamic]. */
  createDynamic(kind: NodeKind): Node {
    const name = `${TEMPORARY_PREFIX[kind]}${this.newId()}`;
    return kind === "topic" ? this.topics.getOrCreate(name) : this.queues.getOrCreate(name);
  }

  /** Removes a node, so its name resolves no more. */
  delete(node: Node): void {
    if (node.kind === "topic") this.topics.delete(node.name);
    else this.queues.delete(node.name);
  }

  private create(kind: NodeKind, name: string, other: Queue | Topic | undefined): Node {
    if (other) {
      throw new AddressError(
        "not-found",
        `"${name}" is a ${other.kind}; a ${kind} cannot have the same name`,
      );
    }
    if (name.startsWith(TEMPORARY_PREFIX.queue) || name.startsWith(TEMPORARY_PREFIX.topic)) {
      throw new AddressError(
        "not-found",
        `no temporary ${kind} "${name}": it was deleted when its creator closed, or never existed`,
      );
    }
    return kind === "topic" ? this.topics.getOrCreate(name) : this.queues.getOrCreate(name);
  }
}

function checkAddress(address: unknown): string {
  if (typeof address !== "string" || address.length === 0) {
    throw new AddressError("invalid-field", "an address must be a non-empty string");
  }
  if (address.length > MAX_ADDRESS_LENGTH) {
    throw new AddressError(
      "invalid-field",
      `address is ${address.length} characters; at most ${MAX_ADDRESS_LENGTH} allowed`,
    );
  }
  return address;
}
