import { jmsCall } from "../errors/to-jms-exception";
import { JMSException } from "../errors/jms-exception";
import { DeliveryMode, type DeliveryModeValue } from "../message/delivery-mode";
import { checkDeliveryMode, checkPriority, facadeOf, type Message } from "../message/message";
import type { Provider } from "../provider/provider";
import { CloseOnce } from "./close-once";
import type { Destination } from "./destinations";

/**
 * Sends messages to one destination [JMS 2.0 7]. Defaults follow JMS: PERSISTENT, priority 4, no expiry.
 */
export class MessageProducer implements AsyncDisposable {
  private deliveryMode: DeliveryModeValue = DeliveryMode.PERSISTENT;
  private priority = 4;
  private timeToLive = 0;
  private messageSequence = 0;
  private disableMessageId = false;
  private disableTimestamp = false;
  private readonly closer = new CloseOnce("message producer");

  /** @internal Created by `Session.createProducer`. */
  constructor(
    private readonly provider: Provider,
    readonly id: string,
    private readonly destination: Destination,
    private readonly onClose: (producer: MessageProducer) => void,
  ) {}

  getDestination(): Destination {
    return this.destination;
  }

  getDeliveryMode(): DeliveryModeValue {
    return this.deliveryMode;
  }
  setDeliveryMode(mode: DeliveryModeValue): void {
    this.deliveryMode = checkDeliveryMode(mode);
  }

  getPriority(): number {
    return this.priority;
  }
  setPriority(priority: number): void {
    this.priority = checkPriority(priority);
  }

  /** A hint that messages need no JMSMessageID: none is generated or sent [JMS 2.0 3.4.3]. */
  setDisableMessageID(disable: boolean): void {
    this.disableMessageId = disable;
  }
  getDisableMessageID(): boolean {
    return this.disableMessageId;
  }

  /** A hint that messages need no JMSTimestamp: none is sent, and it reads as 0 [JMS 2.0 3.4.4]. */
  setDisableMessageTimestamp(disable: boolean): void {
    this.disableTimestamp = disable;
  }
  getDisableMessageTimestamp(): boolean {
    return this.disableTimestamp;
  }

  /** Milliseconds a sent message lives; 0 means forever. */
  getTimeToLive(): number {
    return this.timeToLive;
  }
  setTimeToLive(ms: number): void {
    this.timeToLive = checkTimeToLive(ms);
  }

  /**
   * Sends a message and resolves once the broker has accepted it. The message's JMSMessageID,
   * JMSTimestamp, JMSDestination, JMSDeliveryMode, JMSPriority and JMSExpiration are set on send.
   * @throws SendFailedException if the broker rejects or releases it (errorCode holds the AMQP condition).
   * @throws IllegalStateException if the producer, session or connection is closed.
   */
  async send(
    message: Message,
    deliveryMode: DeliveryModeValue = this.deliveryMode,
    priority: number = this.priority,
    timeToLive: number = this.timeToLive,
  ): Promise<void> {
    this.closer.check();
    checkTimeToLive(timeToLive);
    message.flushBody();
    const facade = facadeOf(message);
    const now = Date.now();
    message.setJMSDeliveryMode(deliveryMode);
    message.setJMSPriority(priority);
    facade.setMessageId(this.disableMessageId ? null : `${this.id}-${++this.messageSequence}`);
    facade.setTimestamp(this.disableTimestamp ? 0 : now);
    facade.setDestination(this.destination);
    facade.setExpiration(timeToLive > 0 ? now + timeToLive : 0);
    await jmsCall(() => this.provider.send(this.id, facade, { timeToLiveMs: timeToLive }));
  }

  /** Closes the producer; idempotent. */
  close(): Promise<void> {
    return this.closer.run(async () => {
      this.onClose(this);
      await jmsCall(() => this.provider.destroyProducer(this.id));
    });
  }

  /** @internal The connection or session closed under it. */
  markClosed(): void {
    void this.closer.run(() => Promise.resolve());
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

function checkTimeToLive(ms: number): number {
  if (!Number.isSafeInteger(ms) || ms < 0)
    throw new JMSException(`time to live must be an integer >= 0 ms, got ${ms}`);
  return ms;
}
