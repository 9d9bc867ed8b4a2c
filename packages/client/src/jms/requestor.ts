import { IllegalStateException } from "../errors/exceptions";
import type { Message } from "../message/message";
import { CloseOnce } from "./close-once";
import type { Destination, Queue, TemporaryQueue, TemporaryTopic, Topic } from "./destinations";
import type { MessageConsumer } from "./message-consumer";
import type { MessageProducer } from "./message-producer";
import type { Session } from "./session";

export interface RequestOptions {
  /** Gives up waiting for the reply: `request` resolves null. */
  signal?: AbortSignal;
}

interface Link {
  replyTo: TemporaryQueue | TemporaryTopic;
  producer: MessageProducer;
  consumer: MessageConsumer;
}

/**
 * Request/reply over a temporary destination, as JMS's QueueRequestor and TopicRequestor: each request
 * carries the temporary destination as its JMSReplyTo, and the reply is the message that comes back with
 * the request's JMSMessageID as JMSCorrelationID (the usual JMS convention; stale replies to earlier,
 * timed-out requests are dropped). Requests run one at a time. The links are made on the first request.
 */
abstract class Requestor implements AsyncDisposable {
  private link: Promise<Link> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly closer: CloseOnce;

  protected constructor(
    private readonly session: Session,
    private readonly destination: Destination,
    private readonly what: string,
  ) {
    this.closer = new CloseOnce(what);
  }

  /**
   * Sends `message` and resolves the reply, or null if none arrives within `timeoutMs` (0 or omitted:
   * wait until it arrives, the signal aborts or the requestor closes).
   * @throws IllegalStateException once closed; whatever `send` throws.
   */
  request(message: Message, timeoutMs = 0, options: RequestOptions = {}): Promise<Message | null> {
    if (this.closer.isClosed) return Promise.reject(this.closer.closedError("send a request"));
    const turn = this.queue.then(() => this.exchange(message, timeoutMs, options));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Closes the requestor's links, deletes its temporary destination and closes the session, as JMS does. */
  close(): Promise<void> {
    return this.closer.run(async () => {
      const link = await this.link?.catch(() => undefined);
      if (link) {
        await link.consumer.close();
        await link.producer.close();
        await link.replyTo.delete();
      }
      await this.session.close();
    });
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  protected abstract createReplyTo(session: Session): Promise<TemporaryQueue | TemporaryTopic>;

  private async exchange(
    message: Message,
    timeoutMs: number,
    options: RequestOptions,
  ): Promise<Message | null> {
    const link = await this.open();
    message.setJMSReplyTo(link.replyTo);
    await link.producer.send(message);
    const requestId = message.getJMSMessageID();
    const deadline = timeoutMs > 0 ? Date.now() + timeoutMs : undefined;
    for (;;) {
      const left = deadline === undefined ? 0 : deadline - Date.now();
      if (deadline !== undefined && left <= 0) return null;
      const receiveOptions = options.signal ? { signal: options.signal } : {};
      const reply = await link.consumer.receive(left, receiveOptions);
      if (!reply) return null;
      const correlation = reply.getJMSCorrelationID();
      if (requestId === null || correlation === null || correlation === requestId) return reply;
    }
  }

  private open(): Promise<Link> {
    this.link ??= (async () => {
      const replyTo = await this.createReplyTo(this.session);
      const consumer = await this.session.createConsumer(replyTo);
      const producer = await this.session.createProducer(this.destination);
      return { replyTo, producer, consumer };
    })();
    this.link.catch(() => (this.link = undefined));
    return this.link.then((link) => {
      if (this.closer.isClosed) throw new IllegalStateException(`the ${this.what} is closed`);
      return link;
    });
  }
}

/** JMS's QueueRequestor: requests to a queue, replies on a temporary queue. */
export class QueueRequestor extends Requestor {
  constructor(session: Session, queue: Queue) {
    super(session, queue, "queue requestor");
  }

  protected createReplyTo(session: Session): Promise<TemporaryQueue> {
    return session.createTemporaryQueue();
  }
}

/** JMS's TopicRequestor: requests published to a topic, replies on a temporary topic. */
export class TopicRequestor extends Requestor {
  constructor(session: Session, topic: Topic) {
    super(session, topic, "topic requestor");
  }

  protected createReplyTo(session: Session): Promise<TemporaryTopic> {
    return session.createTemporaryTopic();
  }
}
