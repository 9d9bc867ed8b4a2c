import { IllegalStateException } from "../errors/exceptions";
import { jmsCall } from "../errors/to-jms-exception";
import type { Message } from "../message/message";
import { wrapFacade } from "../message/wrap-facade";
import type { InboundDelivery, Provider } from "../provider/provider";
import { CloseOnce } from "./close-once";
import type { Queue } from "./destinations";
import { type DeliverySink, MessageConsumer } from "./message-consumer";

/** Java's `Enumeration`, with a promise where the next message may have to come from the broker. */
export interface MessageEnumeration {
  /** Whether another message is on the queue; fetches it if none is buffered. */
  hasMoreElements(): Promise<boolean>;
  /** The next message. @throws IllegalStateException when there is none left. */
  nextElement(): Promise<Message>;
}

/** What a browser tells its session. */
export interface BrowserOwner {
  browserClosed(browser: QueueBrowser): void;
}

/**
 * Looks at the messages on a queue without consuming them [JMS 2.0 QueueBrowser]: the broker sends copies
 * (AMQP distribution-mode copy) and keeps the messages for consumers. Iterate it with `for await`, or port
 * Java code with `getEnumeration()`; the enumeration ends once the broker has nothing more to show. It does
 * not wait for `connection.start()`. Create one with `session.createBrowser(queue)`.
 */
export class QueueBrowser implements AsyncIterable<Message>, AsyncDisposable, MessageEnumeration {
  /** @internal The link that receives the copies, registered with the connection for routing. */
  readonly consumer: MessageConsumer;
  private lookahead: Message | null = null;
  private exhausted = false;
  private readonly closer = new CloseOnce("queue browser");

  /** @internal Created by `Session.createBrowser`. */
  constructor(
    private readonly provider: Provider,
    readonly id: string,
    private readonly queue: Queue,
    private readonly owner: BrowserOwner,
    /** The selector sent to the broker; undefined for none [JMS 2.0 3.8]. */
    private readonly selector?: string,
  ) {
    const sink: DeliverySink = {
      // Copies need no acknowledgement: the browser's link is presettled.
      deliver: (delivery: InboundDelivery) => {
        const message = wrapFacade(delivery.facade);
        message.markReceived();
        return Promise.resolve(message);
      },
      consumerClosed: () => undefined,
    };
    this.consumer = new MessageConsumer(provider, id, queue, sink);
  }

  getQueue(): Queue {
    return this.queue;
  }

  /** The browser's message selector; null when it has none [JMS 2.0 3.8]. */
  getMessageSelector(): string | null {
    return this.selector ?? null;
  }

  /** The browser itself: one enumeration per browser, as in Qpid JMS. */
  getEnumeration(): MessageEnumeration {
    this.closer.check("get an enumeration");
    return this;
  }

  async hasMoreElements(): Promise<boolean> {
    this.closer.check("browse");
    this.lookahead ??= await this.fetch();
    return this.lookahead !== null;
  }

  async nextElement(): Promise<Message> {
    if (!(await this.hasMoreElements())) {
      throw new IllegalStateException(`no more messages to browse on ${String(this.queue)}`);
    }
    const message = this.lookahead as Message;
    this.lookahead = null;
    return message;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Message> {
    while (!this.closer.isClosed && (await this.hasMoreElements())) yield await this.nextElement();
  }

  /** Closes the browser and its link; idempotent. */
  close(): Promise<void> {
    return this.closer.run(async () => {
      this.owner.browserClosed(this);
      await this.consumer.close();
    });
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** @internal The session or connection closed under it. */
  markClosed(why: string, cause?: unknown): void {
    this.closer.markClosed(why, cause);
    this.consumer.markClosed(why, cause);
  }

  /** A buffered copy, else whatever a drain brings; null once a drain brings nothing. */
  private async fetch(): Promise<Message | null> {
    if (this.exhausted) return null;
    const buffered = await this.consumer.receiveNoWait();
    if (buffered) return buffered;
    await jmsCall(() => this.provider.drainConsumer(this.id));
    const drained = await this.consumer.receiveNoWait();
    if (!drained) this.exhausted = true;
    return drained;
  }
}
