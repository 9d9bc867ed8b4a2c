import type { PublishedMessage } from "../routing/published-message";
import { testMessage } from "../routing/test-message";
import type { QueueConsumer } from "./queue-consumer";
import type { QueuedMessage } from "./queued-message";

/** A QueueConsumer for tests: takes messages while it has credit and keeps them in `received`. */
export class FakeConsumer implements QueueConsumer {
  readonly received: QueuedMessage[] = [];

  constructor(
    readonly id: string,
    public credit: number,
  ) {}

  canAccept(): boolean {
    return this.credit > 0;
  }

  deliver(message: QueuedMessage): void {
    this.credit--;
    this.received.push(message);
  }

  /** The bodies (test payloads) of what it received, in order. */
  get texts(): string[] {
    return this.received.map(text);
  }
}

/** The payload of a test message made with `body`. */
export function text(message: QueuedMessage): string {
  return message.message.bytes.toString();
}

/** A published message whose bytes are `payload`, with the other fields given. */
export function body(payload: string, fields: Partial<PublishedMessage> = {}): PublishedMessage {
  return testMessage({ bytes: Buffer.from(payload), ...fields });
}
