/** Where messages are sent to and received from [JMS 2.0 4.4]. */
export interface Destination {
  readonly kind: "queue" | "topic";
  /** The address used on the wire. */
  readonly address: string;
  toString(): string;
}

/** A point-to-point destination [JMS 2.0 4.4.5]. Create one with `session.createQueue(name)`. */
export class Queue implements Destination {
  readonly kind = "queue";

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
 * A publish/subscribe destination [JMS 2.0 4.4.5]. Received messages carry one when the sender
 * addressed a topic; creating topic producers and subscribers arrives with the topic routing model.
 */
export class Topic implements Destination {
  readonly kind = "topic";

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
