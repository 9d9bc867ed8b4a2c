import { InvalidDestinationException } from "../errors/exceptions";

/** Where messages are sent to and received from [JMS 2.0 4.4]. */
export interface Destination {
  readonly kind: "queue" | "topic";
  /** True for TemporaryQueue and TemporaryTopic: a node that lives as long as its connection. */
  readonly temporary: boolean;
  /** The address used on the wire. */
  readonly address: string;
  toString(): string;
}

/** A point-to-point destination [JMS 2.0 4.4.5]. Create one with `session.createQueue(name)`. */
export class Queue implements Destination {
  readonly kind = "queue";
  readonly temporary: boolean = false;

  constructor(private readonly name: string) {}

  get address(): string {
    return this.name;
  }

  getQueueName(): string {
    return this.name;
  }

  toString(): string {
    return `queue://${this.name}`;
  }
}

/**
 * A publish/subscribe destination [JMS 2.0 4.4.5]: every consumer on it gets its own copy of each
 * message. Create one with `session.createTopic(name)`.
 */
export class Topic implements Destination {
  readonly kind = "topic";
  readonly temporary: boolean = false;

  constructor(private readonly name: string) {}

  get address(): string {
    return this.name;
  }

  getTopicName(): string {
    return this.name;
  }

  toString(): string {
    return `topic://${this.name}`;
  }
}

/** What deletes a temporary destination: the connection that created it. */
export interface TemporaryDestinationOwner {
  deleteTemporaryDestination(destination: TemporaryQueue | TemporaryTopic): Promise<void>;
}

/**
 * A queue that lives as long as the connection that created it, with a name the broker chose [JMS 2.0
 * 6.2.2]. Only that connection may consume from it. Create one with `session.createTemporaryQueue()`.
 */
export class TemporaryQueue extends Queue {
  override readonly temporary: boolean = true;

  /** @internal Created by `Session.createTemporaryQueue`, or read from a received message (no owner). */
  constructor(
    name: string,
    private readonly owner?: TemporaryDestinationOwner,
  ) {
    super(name);
  }

  /**
   * Deletes the queue at the broker.
   * @throws IllegalStateException while a consumer of this connection still reads from it.
   * @throws InvalidDestinationException for a temporary queue this connection did not create.
   */
  delete(): Promise<void> {
    return deleteBy(this.owner, this);
  }

  override toString(): string {
    return `temp-queue://${this.getQueueName()}`;
  }
}

/**
 * A topic that lives as long as the connection that created it, with a name the broker chose [JMS 2.0
 * 6.2.2]. Only that connection may subscribe to it. Create one with `session.createTemporaryTopic()`.
 */
export class TemporaryTopic extends Topic {
  override readonly temporary: boolean = true;

  /** @internal Created by `Session.createTemporaryTopic`, or read from a received message (no owner). */
  constructor(
    name: string,
    private readonly owner?: TemporaryDestinationOwner,
  ) {
    super(name);
  }

  /**
   * Deletes the topic at the broker.
   * @throws IllegalStateException while a consumer of this connection still reads from it.
   * @throws InvalidDestinationException for a temporary topic this connection did not create.
   */
  delete(): Promise<void> {
    return deleteBy(this.owner, this);
  }

  override toString(): string {
    return `temp-topic://${this.getTopicName()}`;
  }
}

function deleteBy(
  owner: TemporaryDestinationOwner | undefined,
  destination: TemporaryQueue | TemporaryTopic,
): Promise<void> {
  if (!owner) {
    return Promise.reject(
      new InvalidDestinationException(
        `cannot delete ${String(destination)}: only the connection that created it can delete it`,
      ),
    );
  }
  return owner.deleteTemporaryDestination(destination);
}
