import type { Queue } from "../queues/queue";
import type { QueueRegistry } from "../queues/queue-registry";

/** Why an address could not be resolved; the transport turns it into an attach refusal. */
export class AddressError extends Error {
  override readonly name = "AddressError";
  constructor(
    readonly condition: "invalid-field" | "not-found",
    message: string,
  ) {
    super(message);
  }
}

const MAX_ADDRESS_LENGTH = 255;

/**
 * Maps the address of an attaching link to the node behind it. For now every address names a queue,
 * created on first use (Broker-J's default node auto-creation for JMS queues).
 */
export class AddressResolver {
  constructor(private readonly queues: QueueRegistry) {}

  resolveQueue(address: unknown): Queue {
    if (typeof address !== "string" || address.length === 0) {
      throw new AddressError(
        "invalid-field",
        "a link needs a non-empty address (no anonymous relay or dynamic nodes yet)",
      );
    }
    if (address.length > MAX_ADDRESS_LENGTH) {
      throw new AddressError(
        "invalid-field",
        `address is ${address.length} characters; at most ${MAX_ADDRESS_LENGTH} allowed`,
      );
    }
    return this.queues.getOrCreate(address);
  }
}
