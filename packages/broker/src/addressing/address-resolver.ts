import { randomUUID } from "node:crypto";
import type { Queue } from "../queues/queue";
import { type AutoCreationPolicy, DEFAULT_AUTO_CREATION_POLICIES } from "../routing/auto-creation-policy";
import type { Exchange } from "../routing/exchange";
import type { PublishTarget } from "../routing/publish";
import type { VirtualHost } from "../routing/virtual-host";
import type { NodeKind } from "./node-kind";

/** Why an address could not be resolved; the transport turns it into an attach refusal. */
export class AddressError extends Error {
  override readonly name = "AddressError";
  constructor(
    readonly condition:
      "invalid-field" | "not-found" | "not-implemented" | "unauthorized-access" | "resource-locked",
    message: string,
  ) {
    super(message);
  }
}

/** A node the resolver may create, asked before it does (access control: the `manage` permission). */
export type CreationGuard = (node: { kind: "queue" | "exchange"; name: string }) => void;

/** What a consumer's source resolves to: a queue, or a subscription to an exchange with a binding key. */
export type SourceNode = { readonly queue: Queue } | { readonly exchange: Exchange; readonly key: string };

const MAX_ADDRESS_LENGTH = 255;
/** JMS topics without an exchange of their own are binding keys on this exchange. */
const TOPIC_EXCHANGE = "amq.topic";
/** Names of dynamic nodes; never auto-created, so a deleted one is not found rather than revived. */
const TEMPORARY_PREFIX = { queue: "TempQueue-", topic: "TempTopic-" } as const;

/**
 * Maps an address and the JMS capability on a link terminus to a node, as Qpid Broker-J does
 * (docs/broker/addressing.md): `X/K` is exchange X with key K; a target finds an exchange before a queue,
 * a source a queue before an exchange; an unknown name is created by the first matching auto-creation
 * policy. The `topic` capability makes a name with no exchange of its own a key on amq.topic, so JMS topics
 * mean the same here as `amq.topic/<name>` does on Broker-J.
 */
export class AddressResolver {
  private readonly policies: ReadonlyArray<{ policy: AutoCreationPolicy; pattern: RegExp }>;

  /** @throws SyntaxError when a policy's pattern is not a regular expression (config validation says which). */
  constructor(
    private readonly host: VirtualHost,
    policies: readonly AutoCreationPolicy[] = DEFAULT_AUTO_CREATION_POLICIES,
    private readonly newId: () => string = randomUUID,
  ) {
    this.policies = policies.map((policy) => ({ policy, pattern: new RegExp(`^(?:${policy.pattern})$`) }));
  }

  /** Where a producer link's (or a relayed message's) messages go. */
  resolveTarget(address: unknown, kind: NodeKind | undefined, guard?: CreationGuard): PublishTarget {
    const name = checkAddress(address);
    const split = splitExchangeKey(name);
    if (split) return { exchange: this.exchangeFor(split.exchange, name), key: split.key };
    const exchange = this.host.exchange(name);
    if (exchange) return { exchange };
    if (kind === "topic") return { exchange: this.topicExchange(name), key: name };
    const queue = this.host.queue(name);
    if (queue) return { queue };
    const created = this.create(name, "publish", guard);
    return created.kind === "queue" ? { queue: created } : { exchange: created };
  }

  /** What a consumer link reads from. */
  resolveSource(address: unknown, kind: NodeKind | undefined, guard?: CreationGuard): SourceNode {
    const name = checkAddress(address);
    const split = splitExchangeKey(name);
    if (split) return { exchange: this.exchangeFor(split.exchange, name), key: split.key };
    if (kind === "topic") {
      const exchange = this.host.exchange(name);
      return exchange ? { exchange, key: "" } : { exchange: this.topicExchange(name), key: name };
    }
    const queue = this.host.queue(name);
    if (queue) return { queue };
    const exchange = this.host.exchange(name);
    if (exchange) return { exchange, key: "" };
    const created = this.create(name, "consume", guard);
    return created.kind === "queue" ? { queue: created } : { exchange: created, key: "" };
  }

  /** A dynamic node [AMQP 3.5.3 dynamic]: a queue, or a fanout exchange for a temporary topic. */
  createDynamic(kind: NodeKind): Queue | Exchange {
    const name = `${TEMPORARY_PREFIX[kind]}${this.newId()}`;
    return kind === "topic"
      ? this.host.declareExchange(name, { type: "fanout" })
      : this.host.declareQueue(name);
  }

  private exchangeFor(name: string, address: string): Exchange {
    const exchange = this.host.exchange(name);
    if (!exchange) {
      throw new AddressError("not-found", `"${address}": no exchange "${name}" (address form exchange/key)`);
    }
    return exchange;
  }

  /** amq.topic, for a JMS topic `name` that has no exchange of its own. */
  private topicExchange(name: string): Exchange {
    checkNotTemporary(name);
    return this.host.exchange(TOPIC_EXCHANGE) as Exchange;
  }

  private create(name: string, direction: "publish" | "consume", guard?: CreationGuard): Queue | Exchange {
    checkNotTemporary(name);
    const policy = this.policies.find(
      ({ policy: p, pattern }) =>
        (direction === "publish" ? p.createdOnPublish : p.createdOnConsume) !== false && pattern.test(name),
    )?.policy;
    if (!policy) {
      throw new AddressError(
        "not-found",
        `no queue or exchange "${name}", and no auto-creation policy allows creating it on ${direction}`,
      );
    }
    guard?.({ kind: policy.nodeType, name });
    return policy.nodeType === "exchange"
      ? this.host.declareExchange(name, { type: policy.exchangeType ?? "topic" })
      : this.host.declareQueue(name, policy.queueOptions);
  }
}

/** A temporary node that does not exist was deleted (or never was): never recreate it under that name. */
function checkNotTemporary(name: string): void {
  if (name.startsWith(TEMPORARY_PREFIX.queue) || name.startsWith(TEMPORARY_PREFIX.topic)) {
    throw new AddressError(
      "not-found",
      `no temporary node "${name}": it was deleted when its creator closed, or never existed`,
    );
  }
}

/** `X/K` → exchange X, key K; an address starting with `/` or without one is a plain name. */
function splitExchangeKey(address: string): { exchange: string; key: string } | undefined {
  const slash = address.indexOf("/");
  if (slash <= 0) return undefined;
  return { exchange: address.slice(0, slash), key: address.slice(slash + 1) };
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
