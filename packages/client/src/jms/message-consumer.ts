import { IllegalStateException, MessageFormatException } from "../errors/exceptions";
import { JMSException } from "../errors/jms-exception";
import { jmsCall } from "../errors/to-jms-exception";
import type { Message } from "../message/message";
import { wrapFacade } from "../message/wrap-facade";
import type { InboundDelivery, Provider } from "../provider/provider";
import { CloseOnce } from "./close-once";
import type { Destination } from "./destinations";
import { type BodyType, isBodyAssignableTo } from "./message-body";
import { PrefetchBuffer } from "./dispatch/prefetch-buffer";
import { type ConsumerPolicy, undeliverableOutcome } from "./dispatch/redelivery-policy";
import type { ListenerConsumer, SessionDispatcher } from "./dispatch/session-dispatcher";

/**
 * Receives messages asynchronously [JMS 2.0 8.7]: a function, or an object with `onMessage` as in Java.
 * It may return a promise: the session's next message waits for it, and AUTO_ACKNOWLEDGE accepts the
 * message once it resolves. A throw or rejection reaches the connection's ExceptionListener; in AUTO and
 * DUPS_OK mode the message is then redelivered.
 */
export type MessageListener =
  ((message: Message) => void | Promise<void>) | { onMessage(message: Message): void | Promise<void> };

/** What a consumer needs from its session: turning a delivery into a message, acknowledged per mode. */
export interface DeliverySink {
  deliver(delivery: InboundDelivery): Promise<Message>;
  consumerClosed(consumer: MessageConsumer): void;
}

/** What a session gives its consumers beyond DeliverySink (a browser's consumer has none of it). */
export interface ConsumerHost {
  policyFor(destination: Destination): ConsumerPolicy;
  readonly dispatcher: SessionDispatcher;
  /** The message for a listener, tracked as the session's ack mode says. */
  deliverToListener(delivery: InboundDelivery): Message;
  /** The listener resolved (`failure` undefined) or threw `failure.error`. */
  listenerDone(consumer: MessageConsumer, delivery: InboundDelivery, failure?: { error: unknown }): void;
  /** @throws IllegalStateException if a consumer of the session has a listener [JMS 2.0 4.4.14]. */
  checkSynchronousReceive(): void;
}

export interface ReceiveOptions {
  signal?: AbortSignal;
}

/**
 * Receives messages from one destination [JMS 2.0 8]. Also an async iterable:
 * `for await (const message of consumer)` runs until the consumer closes.
 */
export class MessageConsumer implements AsyncIterable<Message>, AsyncDisposable, ListenerConsumer {
  private readonly buffer = new PrefetchBuffer<InboundDelivery>();
  private readonly closer = new CloseOnce("message consumer");
  /** Handed out once and put back by recover(): already counted for credit; failed, not released, on close. */
  private readonly recovered = new WeakSet<InboundDelivery>();
  private listener: MessageListener | null = null;
  /** Whether the listener's scope must follow its awaits: an async function, or one that returned a promise. */
  private listenerAwaits = false;

  /** @internal Created by `Session.createConsumer` (with a host) or a QueueBrowser (without). */
  constructor(
    private readonly provider: Provider,
    readonly id: string,
    private readonly destination: Destination,
    private readonly session: DeliverySink,
    private readonly host?: ConsumerHost,
    /** The selector sent to the broker; null for none [JMS 2.0 3.8]. */
    private readonly selector: string | null = null,
  ) {}

  getDestination(): Destination {
    return this.destination;
  }

  /**
   * The next message, or null if none arrives within `timeoutMs` (0 or omitted: wait until one arrives
   * or the consumer closes), or when `options.signal` aborts. With prefetch 0 each call asks the broker
   * for one message and, after a timeout, drains that credit, so no message is left stranded on the link
   * [qpid-jms 2.13].
   * @throws IllegalStateException if the consumer is closed or its session has a MessageListener.
   */
  async receive(timeoutMs?: number, options: ReceiveOptions = {}): Promise<Message | null> {
    this.checkReceive();
    const wait = timeoutMs !== undefined && timeoutMs > 0 ? timeoutMs : -1;
    const delivery = await this.next(wait, options.signal);
    return delivery && this.handOut(delivery);
  }

  /**
   * A message that is already here, else null. With prefetch 0 it asks the broker for one and drains:
   * null then means the broker answered that it had nothing [qpid-jms 2.13].
   * @throws IllegalStateException if the consumer is closed or its session has a MessageListener.
   */
  async receiveNoWait(): Promise<Message | null> {
    this.checkReceive();
    const delivery = await this.next(0);
    return delivery && this.handOut(delivery);
  }

  /**
   * @internal For JMSConsumer.receiveBody [JMS 2.0 8.2]: the next message if its body can be read as
   * `type`; otherwise it stays first in line, unacknowledged, as if the call had not happened.
   * `timeoutMs` < 0: only what is here or a drain brings; 0 or omitted: wait; > 0: wait that long.
   * @throws MessageFormatException if the next message's body is not assignable to `type`.
   */
  async receiveAssignable(
    type: BodyType,
    timeoutMs?: number,
    options: ReceiveOptions = {},
  ): Promise<Message | null> {
    this.checkReceive();
    const wait = timeoutMs === undefined || timeoutMs === 0 ? -1 : timeoutMs < 0 ? 0 : timeoutMs;
    const delivery = await this.next(wait, options.signal);
    if (!delivery) return null;
    const probe = wrapFacade(delivery.facade);
    probe.markReceived();
    if (!isBodyAssignableTo(probe, type)) {
      this.buffer.unshift([delivery]);
      throw new MessageFormatException(
        `the next message's body cannot be read as ${type.name}; it stays unacknowledged and comes again`,
      );
    }
    return this.handOut(delivery);
  }

  /** The consumer's message selector; null when it has none [JMS 2.0 3.8]. */
  getMessageSelector(): string | null {
    this.closer.check("get the message selector");
    return this.selector;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Message> {
    while (!this.closer.isClosed) {
      this.host?.checkSynchronousReceive();
      const delivery = await this.next(-1);
      if (!delivery) return;
      yield await this.handOut(delivery);
    }
  }

  /**
   * Delivers this consumer's messages to `listener` instead of receive() [JMS 2.0 8.7]; null removes it.
   * Delivery is serial per session and pauses while the connection is stopped.
   * @throws IllegalStateException if the consumer is closed; JMSException for a listener that is neither
   *   a function nor an object with onMessage.
   */
  setMessageListener(listener: MessageListener | null): void {
    this.closer.check("set a message listener");
    if (!this.host) throw new IllegalStateException("a browser's consumer takes no MessageListener");
    if (listener !== null && typeof listener !== "function" && typeof listener?.onMessage !== "function") {
      throw new JMSException(
        "a MessageListener must be a function (message) => void | Promise<void>, an object with onMessage, or null",
      );
    }
    this.listener = listener;
    this.listenerAwaits =
      listener !== null &&
      // eslint-disable-next-line @typescript-eslint/unbound-method -- only the function's kind is read
      isAsyncFunction(typeof listener === "function" ? listener : listener.onMessage);
    if (listener === null) {
      this.host.dispatcher.remove(this);
      return;
    }
    this.host.dispatcher.add(this);
    this.askForOne();
  }

  /** @internal Whether a listener is set, without the closed check. */
  hasMessageListener(): boolean {
    return this.listener !== null;
  }

  /** @throws IllegalStateException if the consumer is closed. */
  getMessageListener(): MessageListener | null {
    this.closer.check("get the message listener");
    return this.listener;
  }

  /**
   * Closes the consumer: messages it prefetched but never handed out go back to the broker (released),
   * recovered ones that never came again fail. Waits for its running listener [JMS 2.0 8.8]; called from
   * that listener it does not wait, and the link closes once the listener returns.
   * Idempotent; a pending receive() resolves null.
   */
  close(): Promise<void> {
    return this.closer.run(async () => {
      this.session.consumerClosed(this);
      const dispatcher = this.host?.dispatcher;
      dispatcher?.remove(this);
      // No more credit first, so what is given back below does not come straight back to this link.
      this.provider.stopConsumer(this.id);
      for (const delivery of this.buffer.close()) {
        this.provider.acknowledge(delivery, this.recovered.has(delivery) ? "failed" : "released");
      }
      const detach = () => jmsCall(() => this.provider.destroyConsumer(this.id));
      if (dispatcher?.isInsideListener(this)) {
        // The listener calling close on its own consumer: waiting for it would never end.
        void dispatcher
          .whenConsumerIdle(this)
          .then(detach)
          .catch(() => undefined);
        return;
      }
      await dispatcher?.whenConsumerIdle(this);
      await detach();
    });
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** @internal From the connection: a message arrived for this consumer. */
  onDelivery(delivery: InboundDelivery): void {
    if (this.closer.isClosed) {
      this.provider.acknowledge(delivery, "released");
      return;
    }
    // Session-wide arrival numbers: the dispatcher serves the session's oldest message first.
    delivery.arrival = this.host?.dispatcher.nextSequence() ?? 0;
    this.buffer.push(delivery);
    if (this.listener) this.host?.dispatcher.schedule();
  }

  /**
   * @internal From the session: delivered messages to hand out again, oldest first, with JMSRedelivered
   * set and JMSXDeliveryCount raised [JMS 2.0 6.2.11; qpid-jms 2.12: local, no wire traffic].
   */
  redeliver(deliveries: InboundDelivery[]): void {
    for (const delivery of deliveries) {
      delivery.facade.setRedeliveryCount(delivery.facade.getRedeliveryCount() + 1);
      this.recovered.add(delivery);
    }
    if (this.closer.isClosed) {
      for (const delivery of deliveries) this.provider.acknowledge(delivery, "failed");
      return;
    }
    this.buffer.unshift(deliveries);
    if (this.listener) this.host?.dispatcher.schedule();
  }

  /**
   * @internal Rollback of a transacted session [qpid-jms 2.10]: what was prefetched but not handed out goes
   * back to the broker (released), so it comes again in queue order. Only while handing out (started).
   */
  releasePrefetched(): void {
    for (let delivery = this.buffer.takeNow(); delivery !== undefined; delivery = this.buffer.takeNow()) {
      this.provider.acknowledge(delivery, this.recovered.has(delivery) ? "failed" : "released");
    }
  }

  /** @internal Connection start and stop [JMS 2.0 6.1.5]. */
  setRunning(running: boolean): void {
    this.buffer.setRunning(running);
    if (!running) return;
    if (this.buffer.waiting > 0 || this.listener) this.askForOne();
    if (this.listener) this.host?.dispatcher.schedule();
  }

  /** @internal The session or connection closed under it; nothing to tell the broker. */
  markClosed(why: string, cause?: unknown): void {
    this.closer.markClosed(why, cause);
    this.host?.dispatcher.remove(this);
    this.buffer.close();
  }

  /** @internal SessionDispatcher. */
  readySequence(): number | undefined {
    if (!this.listener) return undefined;
    const next = this.buffer.peek();
    return next?.arrival;
  }

  /**
   * @internal SessionDispatcher: undefined when the listener finished synchronously (the common case, kept
   * free of promises), else a promise that never rejects.
   */
  dispatchNext(): Promise<void> | undefined {
    const listener = this.listener;
    const host = this.host;
    if (!listener || !host) return undefined;
    const delivery = this.buffer.takeNow();
    if (delivery === undefined || this.filteredOut(delivery)) return undefined;
    this.counted(delivery);
    this.askForOne();
    let running: Promise<void> | undefined;
    try {
      const message = host.deliverToListener(delivery);
      running = host.dispatcher.runListener(
        this,
        () => (typeof listener === "function" ? listener(message) : listener.onMessage(message)),
        this.listenerAwaits,
      );
    } catch (error) {
      return this.listenerReturned(host, delivery, { error });
    }
    if (!running) return this.listenerReturned(host, delivery, undefined);
    // A listener that is not an async function returned a promise: follow its awaits from the next call on.
    this.listenerAwaits = true;
    return running.then(
      () => this.listenerReturned(host, delivery, undefined),
      (error: unknown) => this.listenerReturned(host, delivery, { error }),
    );
  }

  private listenerReturned(
    host: ConsumerHost,
    delivery: InboundDelivery,
    failure: { error: unknown } | undefined,
  ): Promise<void> | undefined {
    host.listenerDone(this, delivery, failure);
    // A listener that always fails must not keep the event loop from I/O and timers.
    return failure ? new Promise<void>((resolve) => setImmediate(resolve)) : undefined;
  }

  private checkReceive(): void {
    this.closer.check("receive");
    if (this.listener) {
      throw new IllegalStateException("cannot receive: the consumer has a MessageListener [JMS 2.0 8.7]");
    }
    this.host?.checkSynchronousReceive();
  }

  /**
   * The next deliverable message. `wait` < 0: until one comes; 0: what is buffered (or, pulling, what a
   * drain brings); > 0: up to `wait` ms (then, pulling, a drain). Null on timeout, abort or close.
   */
  private async next(wait: number, signal?: AbortSignal): Promise<InboundDelivery | null> {
    const deadline = wait > 0 ? Date.now() + wait : 0;
    const policy = this.host?.policyFor(this.destination);
    // jms.receive[NoWait]LocalOnly: this call looks at the buffer only [qpid-jms 2.13].
    const localOnly = wait === 0 ? policy?.receiveNoWaitLocalOnly : deadline > 0 && policy?.receiveLocalOnly;
    for (;;) {
      let delivery = this.buffer.takeNow() ?? null;
      if (!delivery) {
        if (this.closer.isClosed || signal?.aborted) return null;
        const left = deadline - Date.now();
        if (wait === 0 || (deadline > 0 && left <= 0)) {
          delivery = localOnly ? null : await this.drainThenTake();
        } else {
          if (!localOnly) this.askForOne(true);
          delivery = await this.buffer.take(deadline > 0 ? left : undefined, signal);
          if (!delivery && !localOnly && deadline > 0 && !this.closer.isClosed && !signal?.aborted) {
            delivery = await this.drainThenTake();
          }
        }
        if (!delivery) return null;
      }
      if (!this.filteredOut(delivery)) return delivery;
    }
  }

  /**
   * A pull consumer (prefetch 0) drains its link so whatever the broker has arrives now [AMQP 2.6.7].
   * With prefetch the buffer is the answer, as in Qpid JMS: drain is optional for brokers (the Proton
   * example broker never answers one), so it is not asked for on every empty receive.
   */
  private async drainThenTake(): Promise<InboundDelivery | null> {
    if (this.host?.policyFor(this.destination).prefetch !== 0 || !this.buffer.isRunning) return null;
    try {
      await this.provider.pull(this.id, 0);
    } catch {
      return null;
    }
    return this.buffer.takeNow() ?? null;
  }

  /** A prefetch-0 consumer keeps one credit out while someone waits [qpid-jms 2.13]. */
  private askForOne(aboutToWait = false): void {
    if (
      this.host?.policyFor(this.destination).prefetch !== 0 ||
      !this.buffer.isRunning ||
      this.closer.isClosed
    ) {
      return;
    }
    if (!aboutToWait && this.buffer.waiting === 0 && !this.listener) return;
    this.provider.pull(this.id, -1).catch(() => undefined);
  }

  /** Settles an expired or too often redelivered message instead of handing it out [qpid-jms 2.12]. */
  private filteredOut(delivery: InboundDelivery): boolean {
    if (!this.host) return false;
    const outcome = undeliverableOutcome(
      delivery,
      this.host.policyFor(this.destination).redelivery,
      Date.now(),
    );
    if (!outcome) return false;
    this.counted(delivery);
    this.provider.acknowledge(delivery, outcome);
    this.askForOne();
    return true;
  }

  /** Tells the provider a message left the buffer (credit top-up), once per message. */
  private counted(delivery: InboundDelivery): void {
    if (this.recovered.has(delivery)) this.recovered.delete(delivery);
    else this.provider.messageDelivered(delivery);
  }

  private handOut(delivery: InboundDelivery): Promise<Message> {
    this.counted(delivery);
    this.askForOne();
    return this.session.deliver(delivery);
  }
}

// eslint-disable-next-line @typescript-eslint/require-await -- an async function only for its prototype
const ASYNC_FUNCTION_PROTOTYPE = Object.getPrototypeOf(async () => undefined) as object;

/** A native async function (or a bound one): its calls may await before they finish. */
function isAsyncFunction(fn: unknown): boolean {
  return typeof fn === "function" && Object.getPrototypeOf(fn) === ASYNC_FUNCTION_PROTOTYPE;
}
