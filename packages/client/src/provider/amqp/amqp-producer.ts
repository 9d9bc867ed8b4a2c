import { sendWithTransferState, type StatefulSender } from "@jms-ts/rhea-patches";
import type { Delivery, EventContext, Sender, Session } from "rhea";
import type { Destination } from "../../jms/destinations";
import { ProviderError } from "../provider-error";
import { offeredCapabilities } from "./amqp-capabilities";
import { nodeCapability } from "./amqp-destinations";
import { fromAmqpError } from "./amqp-error-conditions";
import { Capability, Condition, Outcome } from "./amqp-symbols";
import { transactionalOutcome } from "./amqp-transaction-codec";
import { awaitRemoteClose, awaitRemoteOpen, hasTerminus } from "./rhea-endpoint";

/** What one send asks of a producer link. */
export interface LinkSendOptions {
  /** > 0: the message carries x-opt-delivery-time, so the peer must offer DELAYED_DELIVERY. */
  deliveryDelayMs?: number;
  /** Rejects with timed-out after this many ms; 0 or absent waits forever (jms.sendTimeout). */
  timeoutMs?: number;
  /** Called when the message leaves the queue for the wire (past credit and the byte window). */
  onWritten?: () => void;
  /** A state for the transfer: transactional-state{txn-id} in a transacted session [AMQP 4.5.6]. */
  transferState?: unknown;
}

/** How to attach a producer link. */
export interface ProducerLinkSpec {
  /** The link's source address: the JMS producer id [qpid-jms 2.6]. */
  sourceAddress: string;
  /** null: the anonymous relay (a target without address). */
  destination: Destination | null;
  presettle: boolean;
  windowBytes: number;
  /** The connection offered DELAYED_DELIVERY; otherwise the link asks for it. */
  connectionDelays: boolean;
}

/** What the producer reads of the connection's socket (a net.Socket, or a WebSocket adapter without it). */
interface SocketLike {
  readonly writableLength?: number;
  once(event: "drain", listener: () => void): unknown;
}

interface PendingSend {
  bytes: Buffer;
  options: LinkSendOptions;
  resolve(): void;
  reject(error: ProviderError): void;
  timer?: NodeJS.Timeout;
  /** The caller has had its answer (timed out); the window still counts the bytes until settled. */
  answered: boolean;
}

/**
 * A producer link [qpid-jms 2.6]. Sends wait here for link credit (rhea would queue them in its fixed
 * delivery ring and throw once it is full) and for room in the byte window: at most `windowBytes` of
 * written-but-unsettled messages, so a fast producer waits instead of filling memory [rhea.md 8]. Each
 * unsettled send resolves with the broker's outcome; a presettled one once written.
 */
export class AmqpProducer {
  private readonly queued: PendingSend[] = [];
  private readonly unsettled = new Map<Delivery, PendingSend>();
  private inFlightBytes = 0;
  private closedWith: ProviderError | undefined;
  private closingLocally = false;
  private idleWaiters: (() => void)[] = [];
  private waitingForDrain = false;
  /** Bytes handed to rhea since the socket check last let sends through a turn of the event loop. */
  private unwrittenBytes = 0;

  private constructor(
    private readonly sender: ReturnType<Session["open_sender"]>,
    private readonly spec: ProducerLinkSpec,
    /** DELAYED_DELIVERY offered by the connection or on this link's attach. */
    readonly supportsDelay: boolean,
    onRemoteClose: (error: ProviderError) => void,
  ) {
    sender.on("sendable", () => this.flush());
    sender.on("accepted", (context: EventContext) => this.settle(context, undefined));
    for (const outcome of ["rejected", "released", "modified"]) {
      sender.on(outcome, (context: EventContext) => this.settle(context, outcomeError(outcome, context)));
    }
    // A transactional send is answered with transactional-state{txn-id, outcome} [AMQP 4.5.6].
    sender.on("settled", (context: EventContext) => {
      const failure = transactionalOutcome((context.delivery as Delivery).remote_state);
      if (failure !== undefined) this.settle(context, failure ?? undefined);
    });
    // The broker detached the link: Qpid JMS closes the producer and fails what it had not settled.
    const remoteClose = (cause: unknown) => {
      if (this.closingLocally) return;
      this.closingLocally = true;
      const error = fromAmqpError(cause, "illegal-state", "the broker closed the producer");
      this.fail(error);
      onRemoteClose(error);
    };
    sender.on("sender_close", () => remoteClose(sender.error));
    // Ending the AMQP session ends every producer on it.
    sender.session.on("session_close", () => remoteClose(sender.session.error));
  }

  static async attach(
    session: Session,
    spec: ProducerLinkSpec,
    onRemoteClose: (error: ProviderError) => void,
  ): Promise<AmqpProducer> {
    const destination = spec.destination;
    const sender = session.open_sender({
      name: `qpid-jms:sender:${spec.sourceAddress}:${destination?.address ?? "null"}`,
      source: { address: spec.sourceAddress, outcomes: Object.values(Outcome) },
      // The anonymous relay: a target with no address and no type capability [qpid-jms 2.6].
      target: destination
        ? { address: destination.address, capabilities: [nodeCapability(destination)] }
        : {},
      snd_settle_mode: spec.presettle ? 1 : 0,
      rcv_settle_mode: 0,
      autosettle: true,
      // rhea would report a modified outcome as released first; Qpid JMS tells them apart.
      treat_modified_as_released: false,
      ...(spec.connectionDelays ? {} : { desired_capabilities: [Capability.delayedDelivery] }),
    });
    const what = destination ? `producer for ${String(destination)}` : "anonymous producer";
    await awaitRemoteOpen(sender, "sender", what, "invalid-destination", () => hasTerminus(sender.target));
    const delays =
      spec.connectionDelays || offeredCapabilities(sender as never).includes(Capability.delayedDelivery);
    return new AmqpProducer(sender, spec, delays, onRemoteClose);
  }

  /** Resolves when the broker accepts the message (presettled: once written); rejects with its outcome. */
  send(bytes: Buffer, options: LinkSendOptions = {}): Promise<void> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    const limit = maxMessageSizeOf(this.sender);
    if (limit > 0 && bytes.length > limit) {
      // Refused here rather than sent only to be rejected, or to have the link detached [AMQP 2.7.3].
      return Promise.reject(
        new ProviderError(
          "resource-allocation",
          `the message is ${bytes.length} bytes encoded; the broker accepts at most ${limit} on this link (its max-message-size)`,
          { condition: Condition.messageSizeExceeded },
        ),
      );
    }
    if ((options.deliveryDelayMs ?? 0) > 0 && !this.supportsDelay) {
      // Qpid JMS's rule: without the capability the broker would deliver at once [qpid-jms 1.1].
      return Promise.reject(
        new ProviderError(
          "general",
          "the broker does not support delayed message delivery (it offers no DELAYED_DELIVERY capability); send without a delivery delay",
        ),
      );
    }
    return new Promise((resolve, reject) => {
      const pending: PendingSend = { bytes, options, resolve, reject, answered: false };
      const timeout = options.timeoutMs ?? 0;
      if (timeout > 0) {
        pending.timer = setTimeout(() => this.timeOut(pending, timeout), timeout);
      }
      this.queued.push(pending);
      this.flush();
    });
  }

  /** Resolves once nothing is queued or unsettled: the link can close without failing a send. */
  idle(): Promise<void> {
    if (this.queued.length === 0 && this.unsettled.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    this.closingLocally = true;
    this.fail(new ProviderError("illegal-state", "the producer is closed"));
    if (!this.sender.is_open()) return;
    const closed = awaitRemoteClose(this.sender, "sender");
    this.sender.close();
    await closed;
  }

  /** The link or connection is gone: every unfinished send fails with the reason. */
  fail(error: ProviderError): void {
    this.closedWith ??= error;
    for (const pending of this.queued.splice(0)) this.answer(pending, error);
    for (const pending of this.unsettled.values()) this.answer(pending, error);
    this.unsettled.clear();
    this.inFlightBytes = 0;
    this.checkIdle();
  }

  /** sendable() counts sends not yet written (@jms-ts/rhea-patches), so this never exceeds credit. */
  private flush(): void {
    while (this.queued.length > 0 && this.sender.sendable() && !this.socketFull()) {
      const pending = this.queued[0] as PendingSend;
      const size = pending.bytes.length;
      // One message always fits an empty window, however large it is.
      if (this.inFlightBytes > 0 && this.inFlightBytes + size > this.spec.windowBytes) return;
      this.queued.shift();
      this.unwrittenBytes += size;
      if (this.spec.presettle) {
        // Settled at transfer with an empty tag, as Qpid JMS sends them [qpid-jms 2.12].
        this.sender.send(pending.bytes, Buffer.alloc(0), 0);
        pending.options.onWritten?.();
        this.answer(pending, undefined);
        continue;
      }
      const state = pending.options.transferState;
      const delivery =
        state === undefined
          ? this.sender.send(pending.bytes, undefined, 0)
          : sendWithTransferState(this.sender as unknown as StatefulSender<Delivery>, pending.bytes, state);
      this.inFlightBytes += size;
      this.unsettled.set(delivery, pending);
      pending.options.onWritten?.();
    }
    this.checkIdle();
  }

  /**
   * Node buffers socket writes without bound [rhea.md 8]: while more than a window's worth is waiting in
   * the socket (presettled sends are not held back by settlement), wait for it to drain.
   */
  private socketFull(): boolean {
    if (this.waitingForDrain) return true;
    // rhea writes what it was handed on its next tick: until then the socket cannot show those bytes.
    if (this.unwrittenBytes > this.spec.windowBytes) {
      this.waitingForDrain = true;
      setImmediate(() => {
        this.unwrittenBytes = 0;
        this.waitingForDrain = false;
        this.flush();
      });
      return true;
    }
    const socket = (this.sender.connection as unknown as { socket?: SocketLike }).socket;
    const buffered = socket?.writableLength;
    if (!socket || typeof buffered !== "number" || buffered <= this.spec.windowBytes) return false;
    this.waitingForDrain = true;
    socket.once("drain", () => {
      this.waitingForDrain = false;
      this.flush();
    });
    return true;
  }

  private settle(context: EventContext, error: ProviderError | undefined): void {
    const delivery = context.delivery as Delivery;
    const pending = this.unsettled.get(delivery);
    if (!pending) return;
    this.unsettled.delete(delivery);
    this.inFlightBytes -= pending.bytes.length;
    this.answer(pending, error);
    this.flush();
  }

  private timeOut(pending: PendingSend, ms: number): void {
    const queuedAt = this.queued.indexOf(pending);
    if (queuedAt >= 0) this.queued.splice(queuedAt, 1);
    const where =
      queuedAt >= 0 ? "waiting for link credit or the send window" : "waiting for the broker's outcome";
    // A written send keeps its bytes in the window until the broker settles it.
    this.answer(
      pending,
      new ProviderError("timed-out", `send timed out after ${ms} ms ${where} (jms.sendTimeout)`),
    );
    this.checkIdle();
  }

  private answer(pending: PendingSend, error: ProviderError | undefined): void {
    if (pending.answered) return;
    pending.answered = true;
    clearTimeout(pending.timer);
    if (error) pending.reject(error);
    else pending.resolve();
  }

  private checkIdle(): void {
    if (this.queued.length > 0 || this.unsettled.size > 0) return;
    for (const waiter of this.idleWaiters.splice(0)) waiter();
  }
}

/** Qpid JMS's wording for each failed outcome [qpid-jms 2.12]. */
function outcomeError(outcome: string, context: EventContext): ProviderError {
  if (outcome === "rejected") {
    const state = (context.delivery as Delivery).remote_state as { error?: unknown } | undefined;
    return fromAmqpError(state?.error, "send-failed", "the broker rejected the message");
  }
  const why = outcome === "released" ? "released by the broker" : "failure at the broker (modified)";
  return new ProviderError("send-failed", `delivery failed: ${why}`);
}

/** The max-message-size the broker set on its end of the link [AMQP 2.7.3]; 0 when it set none. */
function maxMessageSizeOf(sender: Sender): number {
  const value = (sender as unknown as { remote?: { attach?: { max_message_size?: unknown } } }).remote?.attach
    ?.max_message_size;
  const size = typeof value === "bigint" ? Number(value) : typeof value === "number" ? value : 0;
  return Number.isFinite(size) && size > 0 ? size : 0;
}
