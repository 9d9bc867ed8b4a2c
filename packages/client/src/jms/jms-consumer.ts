import type { Message } from "../message/message";
import type { Destination } from "./destinations";
import { readBody, type BodyOf, type BodyType } from "./message-body";
import type { MessageConsumer, MessageListener, ReceiveOptions } from "./message-consumer";

/**
 * JMS 2.0's consumer for a JMSContext [JMS 2.0 8.2]: a MessageConsumer plus `receiveBody`, which hands
 * over just the body. Also an async iterable of messages.
 */
export class JMSConsumer implements AsyncIterable<Message>, AsyncDisposable {
  /** @internal Created by `JMSContext.createConsumer`. */
  constructor(private readonly consumer: MessageConsumer) {}

  getDestination(): Destination {
    return this.consumer.getDestination();
  }

  getMessageSelector(): string | null {
    return this.consumer.getMessageSelector();
  }

  getMessageListener(): MessageListener | null {
    return this.consumer.getMessageListener();
  }

  /** @see MessageConsumer.setMessageListener */
  setMessageListener(listener: MessageListener | null): void {
    this.consumer.setMessageListener(listener);
  }

  /** @see MessageConsumer.receive */
  receive(timeoutMs?: number, options?: ReceiveOptions): Promise<Message | null> {
    return this.consumer.receive(timeoutMs, options);
  }

  /** @see MessageConsumer.receiveNoWait */
  receiveNoWait(): Promise<Message | null> {
    return this.consumer.receiveNoWait();
  }

  /**
   * The next message's body as `type` (`String`, `Uint8Array`, `Map` or `Object`), or null when none
   * arrives in time [JMS 2.0 8.2]. A message whose body is not of that type stays unacknowledged and is
   * offered again, as JMS requires.
   * @throws MessageFormatException when the next message's body is not assignable to `type`.
   */
  async receiveBody<T extends BodyType>(
    type: T,
    timeoutMs?: number,
    options?: ReceiveOptions,
  ): Promise<BodyOf<T> | null> {
    const message = await this.consumer.receiveAssignable(type, timeoutMs, options);
    return message && readBody(message, type);
  }

  /** The body of a message that is already here, or null. */
  async receiveBodyNoWait<T extends BodyType>(type: T): Promise<BodyOf<T> | null> {
    const message = await this.consumer.receiveAssignable(type, -1);
    return message && readBody(message, type);
  }

  [Symbol.asyncIterator](): AsyncIterator<Message> {
    return this.consumer[Symbol.asyncIterator]();
  }

  close(): Promise<void> {
    return this.consumer.close();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
