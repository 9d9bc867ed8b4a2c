import { jmsCall } from "../errors/to-jms-exception";
import type { Message } from "../message/message";
import type { InboundDelivery, Provider } from "../provider/provider";
import { CloseOnce } from "./close-once";
import type { Destination } from "./destinations";
import { PrefetchBuffer } from "./dispatch/prefetch-buffer";

/** What a consumer needs from its session: turning a delivery into a message, acknowledged per mode. */
export interface DeliverySink {
  deliver(delivery: InboundDelivery): Promise<Message>;
  consumerClosed(consumer: MessageConsumer): void;
}

export interface ReceiveOptions {
  signal?: AbortSignal;
}

/**
 * Receives messages from one destination [JMS 2.0 8]. Also an async iterable:
 * `for await (const message of consumer)` runs until the consumer closes.
 */
export class MessageConsumer implements AsyncIterable<Message>, AsyncDisposable {
  private readonly buffer = new PrefetchBuffer<InboundDelivery>();
  private readonly closer = new CloseOnce("message consumer");

  /** @internal Created by `Session.createConsumer`. */
  constructor(
    private readonly provider: Provider,
    readonly id: string,
    private readonly destination: Destination,
    private readonly session: DeliverySink,
  ) {}

  getDestination(): Destination {
    return this.destination;
  }

  /**
   * The next message, or null if none arrives within `timeoutMs` (0 or omitted: wait until one arrives
   * or the consumer closes), or when `options.signal` aborts.
   * @throws IllegalStateException if the consumer is closed.
   */
  async receive(timeoutMs?: number, options: ReceiveOptions = {}): Promise<Message | null> {
    this.closer.check();
    const delivery = await this.buffer.take(timeoutMs, options.signal);
    return delivery && this.handOut(delivery);
  }

  /** A message that is already here, or null. */
  async receiveNoWait(): Promise<Message | null> {
    this.closer.check();
    const delivery = this.buffer.takeNow();
    return delivery ? this.handOut(delivery) : null;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Message> {
    while (!this.closer.isClosed) {
      const message = await this.buffer.take();
      if (!message) return;
      yield await this.handOut(message);
    }
  }

  /**
   * Closes the consumer: messages it prefetched but never handed out go back to the broker (released).
   * Idempotent; a pending receive() resolves null.
   */
  close(): Promise<void> {
    return this.closer.run(async () => {
      this.session.consumerClosed(this);
      for (const delivery of this.buffer.close()) this.provider.acknowledge(delivery, "released");
      await jmsCall(() => this.provider.destroyConsumer(this.id));
    });
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** @internal From the connection: a message arrived for this consumer. */
  onDelivery(delivery: InboundDelivery): void {
    if (this.closer.isClosed) this.provider.acknowledge(delivery, "released");
    else this.buffer.push(delivery);
  }

  /** @internal Connection start and stop [JMS 2.0 6.1.5]. */
  setRunning(running: boolean): void {
    this.buffer.setRunning(running);
  }

  /** @internal The session or connection closed under it; nothing to tell the broker. */
  markClosed(): void {
    void this.closer.run(() => Promise.resolve());
    this.buffer.close();
  }

  private handOut(delivery: InboundDelivery): Promise<Message> {
    this.provider.messageDelivered(delivery);
    return this.session.deliver(delivery);
  }
}
