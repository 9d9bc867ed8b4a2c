import { InvalidDestinationException, UnsupportedOperationException } from "../errors/exceptions";
import { jmsCall, toJMSException } from "../errors/to-jms-exception";
import { JMSException } from "../errors/jms-exception";
import { DeliveryMode, type DeliveryModeValue } from "../message/delivery-mode";
import { checkDeliveryMode, checkPriority, facadeOf, Message } from "../message/message";
import type { Provider, SendOptions } from "../provider/provider";
import { CloseOnce } from "./close-once";
import { type CompletionListener, CompletionQueue, isCompletionListener } from "./completion-listener";
import { checkDestination } from "./destination-checks";
import type { Destination } from "./destinations";
import { DEFAULT_SEND_POLICY, type SendPolicy } from "./send-policy";

export type { CompletionListener } from "./completion-listener";

/** Per-send values for {@link MessageProducer.sendWithOptions}; each absent one is the producer's. */
const NO_OVERRIDES: SendOverrides = Object.freeze({});

export interface SendOverrides {
  deliveryMode?: DeliveryModeValue;
  priority?: number;
  timeToLive?: number;
  deliveryDelay?: number;
  disableMessageID?: boolean;
  disableMessageTimestamp?: boolean;
}

/**
 * Sends messages [JMS 2.0 7]: to its destination, or for an anonymous producer (created with a null
 * destination) to the one each send names. Defaults follow JMS: PERSISTENT, priority 4, no expiry, no
 * delivery delay. Settlement, asynchronous sends and the byte window are in docs/decisions/0011.
 */
export class MessageProducer implements AsyncDisposable {
  private deliveryMode: DeliveryModeValue = DeliveryMode.PERSISTENT;
  private priority = 4;
  private timeToLive = 0;
  private deliveryDelay = 0;
  private messageSequence = 0;
  private disableMessageId = false;
  private disableTimestamp = false;
  private readonly closer = new CloseOnce("message producer");
  private readonly completions = new CompletionQueue();
  /** Asynchronous sends not settled yet: close waits for them [JMS 2.0 7.3.7]. */
  private readonly inFlight = new Set<Promise<unknown>>();

  /** @internal Created by `Session.createProducer`. */
  constructor(
    private readonly provider: Provider,
    readonly id: string,
    private readonly destination: Destination | null,
    private readonly onClose: (producer: MessageProducer) => void,
    private readonly policy: SendPolicy = DEFAULT_SEND_POLICY,
    private readonly onAsyncFailure: (exception: JMSException) => void = () => undefined,
    /** The session's check of a per-send destination, e.g. a deleted temporary one. */
    private readonly checkTarget: (destination: Destination) => void = () => undefined,
  ) {}

  /** The producer's destination; null for an anonymous producer. */
  getDestination(): Destination | null {
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
  /** @throws JMSException unless 0..9. */
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
    this.timeToLive = checkMs(ms, "time to live");
  }

  /**
   * Milliseconds the broker holds a sent message before delivering it [JMS 2.0 7.9]; 0 for none. A send
   * with a delay fails unless the broker offers delayed delivery (DELAYED_DELIVERY).
   */
  getDeliveryDelay(): number {
    return this.deliveryDelay;
  }
  setDeliveryDelay(ms: number): void {
    this.deliveryDelay = checkMs(ms, "delivery delay");
  }

  /**
   * Sends a message, JMS style [JMS 2.0 7.2]: `send(message)`, `send(message, mode, priority, ttl)`, and
   * for an anonymous producer `send(destination, message, ...)`; a CompletionListener as the last argument
   * makes it asynchronous [JMS 2.0 7.3]. Omitted values are the producer's. Sets JMSMessageID,
   * JMSTimestamp, JMSDestination, JMSDeliveryMode, JMSPriority, JMSExpiration and JMSDeliveryTime.
   *
   * Resolves once the broker accepted a PERSISTENT message; a NON_PERSISTENT one (or any with
   * jms.forceAsyncSend, or with a listener) once written, its failure going to the listener or the
   * connection's ExceptionListener. Waits while the producer's byte window or link credit is full.
   * @throws SendFailedException if the broker rejects, releases or modifies it (errorCode: the AMQP condition).
   * @throws UnsupportedOperationException for a destination on a producer that has one, or none on an anonymous one.
   * @throws InvalidDestinationException for a null destination on an anonymous producer.
   * @throws OperationTimedOutException after jms.sendTimeout.
   * @throws IllegalStateException if the producer, session or connection is closed.
   */
  send(message: Message, listener?: CompletionListener): Promise<void>;
  send(
    message: Message,
    deliveryMode: DeliveryModeValue,
    priority?: number,
    timeToLive?: number,
    listener?: CompletionListener,
  ): Promise<void>;
  send(destination: Destination | null, message: Message, listener?: CompletionListener): Promise<void>;
  send(
    destination: Destination | null,
    message: Message,
    deliveryMode: DeliveryModeValue,
    priority?: number,
    timeToLive?: number,
    listener?: CompletionListener,
  ): Promise<void>;
  async send(...args: unknown[]): Promise<void> {
    const explicit = !(args[0] instanceof Message);
    const destination = explicit ? (args[0] as Destination | null) : undefined;
    const message = (explicit ? args[1] : args[0]) as Message;
    // The rest: deliveryMode, priority, timeToLive in that order, and a CompletionListener anywhere. Read in
    // place: a send(message, listener) must not cost arrays and objects per message.
    let listener: CompletionListener | undefined;
    let numbers: number[] | undefined;
    for (let i = explicit ? 2 : 1; i < args.length; i++) {
      const arg = args[i];
      if (isCompletionListener(arg)) listener ??= arg;
      else (numbers ??= []).push(arg as number);
    }
    const [deliveryMode, priority, timeToLive] = numbers ?? [];
    const overrides: SendOverrides =
      numbers === undefined
        ? NO_OVERRIDES
        : {
            ...(deliveryMode === undefined ? {} : { deliveryMode: deliveryMode as DeliveryModeValue }),
            ...(priority === undefined ? {} : { priority }),
            ...(timeToLive === undefined ? {} : { timeToLive }),
          };
    return this.dispatch(destination, message, overrides, listener);
  }

  /**
   * The options-bag form of `send` for TypeScript callers: `destination` must be null for a producer with a
   * destination (and set for an anonymous one); absent options are the producer's.
   * @example await producer.sendWithOptions(null, message, { priority: 9, deliveryDelay: 5000 });
   */
  sendWithOptions(
    destination: Destination | null,
    message: Message,
    options: SendOverrides = {},
    listener?: CompletionListener,
  ): Promise<void> {
    return this.dispatch(
      this.destination === null ? destination : (destination ?? undefined),
      message,
      {
        ...options,
      },
      listener,
    );
  }

  /**
   * Closes the producer once its asynchronous sends have completed [JMS 2.0 7.3.7], waiting at most
   * jms.closeTimeout; sends still incomplete then fail with the close. Idempotent.
   */
  close(): Promise<void> {
    return this.closer.run(async () => {
      await this.awaitInFlight();
      this.onClose(this);
      await jmsCall(() => this.provider.destroyProducer(this.id));
    });
  }

  /** @internal The connection or session closed under it. */
  markClosed(why: string, cause?: unknown): void {
    this.closer.markClosed(why, cause);
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  private async awaitInFlight(): Promise<void> {
    if (this.inFlight.size === 0) return;
    const all = Promise.allSettled([...this.inFlight]);
    const limit = this.policy.closeTimeoutMs;
    if (limit <= 0) {
      await all;
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, limit)));
    await Promise.race([all, timeout]).finally(() => clearTimeout(timer));
  }

  /** `destination` undefined: the caller named none (send(message) form). */
  private async dispatch(
    destination: Destination | null | undefined,
    message: Message,
    overrides: SendOverrides,
    listener: CompletionListener | undefined,
  ): Promise<void> {
    this.closer.check("send");
    if (!(message instanceof Message)) {
      throw new JMSException(`send needs a Message from a session, got ${String(message)}`);
    }
    const target = this.targetOf(destination);
    const mode = checkDeliveryMode(overrides.deliveryMode ?? this.deliveryMode);
    const priority = checkPriority(overrides.priority ?? this.priority);
    const timeToLive = checkMs(overrides.timeToLive ?? this.timeToLive, "time to live");
    const delay = checkMs(overrides.deliveryDelay ?? this.deliveryDelay, "delivery delay");
    message.flushBody();
    const facade = facadeOf(message);
    const now = Date.now();
    message.setJMSDeliveryMode(mode);
    message.setJMSPriority(priority);
    const noId = overrides.disableMessageID ?? this.disableMessageId;
    const noTimestamp = overrides.disableMessageTimestamp ?? this.disableTimestamp;
    facade.setMessageId(noId ? null : `${this.id}-${++this.messageSequence}`);
    facade.setTimestamp(noTimestamp ? 0 : now);
    facade.setDestination(target);
    facade.setExpiration(timeToLive > 0 ? now + timeToLive : 0);
    // Only a delayed message carries a delivery time; others read JMSTimestamp [qpid-jms 2.4].
    facade.setDeliveryTime(delay > 0 ? now + delay : 0);
    if (this.policy.populateJMSXUserID) facade.setUserId(this.policy.username ?? null);
    const options: SendOptions = { timeToLiveMs: timeToLive };
    if (this.destination === null) options.destination = target;
    if (delay > 0) options.deliveryDelayMs = delay;
    if (this.policy.sendTimeoutMs > 0) options.timeoutMs = this.policy.sendTimeoutMs;
    const sync =
      listener === undefined &&
      (this.policy.forceSyncSend || (!this.policy.forceAsyncSend && mode === DeliveryMode.PERSISTENT));
    if (sync) return jmsCall(() => this.provider.send(this.id, facade, options));
    return this.sendAsync(message, options, listener);
  }

  /** Resolves once written; the outcome goes to the listener, or a failure to the ExceptionListener. */
  private sendAsync(
    message: Message,
    options: SendOptions,
    listener: CompletionListener | undefined,
  ): Promise<void> {
    const completion = listener && this.completions.add(message, listener);
    let written = false;
    let whenWritten: (() => void) | undefined;
    // `options` was made for this send alone (dispatch): it takes the callback without a copy.
    options.onWritten = () => {
      written = true;
      whenWritten?.();
    };
    const settling = this.provider.send(this.id, facadeOf(message), options);
    const tracked: Promise<void> = settling.then(
      () => {
        this.inFlight.delete(tracked);
        completion?.complete(null);
      },
      (error: unknown) => {
        this.inFlight.delete(tracked);
        if (!written) return;
        const exception = toJMSException(error);
        if (completion) completion.complete(exception);
        else this.onAsyncFailure(exception);
      },
    );
    this.inFlight.add(tracked);
    // Usually handed to the link within provider.send: no promise to wait on beyond the caller's own.
    if (written) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      whenWritten = resolve;
      // Failed before it was written (closed, timed out waiting, refused): the caller hears it here.
      settling.then(resolve, (error: unknown) => {
        if (written) return;
        completion?.drop();
        reject(toJMSException(error));
      });
    });
  }

  private targetOf(destination: Destination | null | undefined): Destination {
    if (this.destination !== null) {
      if (destination !== undefined) {
        throw new UnsupportedOperationException(
          `this producer sends to ${String(this.destination)}; a destination per send needs an anonymous producer (session.createProducer(null))`,
        );
      }
      return this.destination;
    }
    if (destination === undefined) {
      throw new UnsupportedOperationException(
        "this producer was created without a destination: use send(destination, message)",
      );
    }
    if (destination === null) {
      throw new InvalidDestinationException(
        "an anonymous producer needs a destination for each send, got null",
      );
    }
    checkDestination(destination);
    this.checkTarget(destination);
    return destination;
  }
}

function checkMs(ms: number, what: string): number {
  if (!Number.isSafeInteger(ms) || ms < 0) {
    throw new JMSException(`${what} must be an integer >= 0 ms, got ${ms}`);
  }
  return ms;
}
