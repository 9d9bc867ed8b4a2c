import { rawBytesOf } from "@jms-ts/rhea-patches";
import type { Delivery, EventContext, Receiver, Session } from "rhea";
import type { Destination } from "../../jms/destinations";
import type { AckOutcome, ConsumerInfo, InboundDelivery } from "../provider";
import {
  consumerDescription,
  consumerLinkName,
  consumerSenderSettleMode,
  consumerSource,
} from "./amqp-consumer-source";
import { checkSharedSubsOffered, subscriberDesiredCapabilities } from "./amqp-subscription";
import { ProviderError } from "../provider-error";
import { fromAmqpError } from "./amqp-error-conditions";
import { decodeReceived } from "./amqp-message-codec";
import { ConsumerCredit } from "./consumer-credit";
import { awaitRemoteClose, awaitRemoteOpen, hasTerminus } from "./rhea-endpoint";

/** What a consumer link reports to the provider. */
export interface ConsumerEvents {
  onMessage(delivery: InboundDelivery): void;
  onRemoteClose(error: ProviderError): void;
}

const NO_TAG = Buffer.alloc(0);

/**
 * Lets go of a received delivery's tag. rhea decodes it as a slice of the socket read the transfer came
 * in, so while the message waits unsettled that whole read (64 KiB or more, a second copy of a large
 * message) stays alive with it; nothing reads a received tag (dispositions name the delivery id).
 */
export function dropReceivedTag(delivery: Delivery): void {
  (delivery as unknown as { tag: Buffer }).tag = NO_TAG;
}

/**
 * A consumer link [qpid-jms 2.6]: manual credit (never rhea's arrival-driven window), no auto-accept
 * (rhea would accept before the application saw the message), settlement per the session's ack mode.
 */
export class AmqpConsumer {
  /** What arrived and is not yet handed to the application, and the credit that allows. */
  private readonly window: ConsumerCredit;
  /** Messages that arrived so far: a timed pull only drains if none came meanwhile. */
  private arrivals = 0;
  private closingLocally = false;
  /** The drain in flight: further pulls share it; credit is not topped up meanwhile. */
  private draining: Promise<void> | undefined;
  /** A pull consumer asked for a credit while a drain was in flight: granted once the drain is answered. */
  private creditWanted = false;
  /** Closing: no more credit is granted. */
  private stopped = false;

  private constructor(
    private readonly receiver: Receiver,
    private readonly info: ConsumerInfo,
    private readonly events: ConsumerEvents,
    /**
     * How long a drain may stay unanswered before the consumer is closed with an error: Qpid JMS's
     * `amqp.drainTimeout` (default 60 s) [qpid-jms 2.13]; a broker that never answers would otherwise leave
     * a pulling receive waiting forever.
     */
    private readonly drainTimeoutMs: number,
    windowBytes: number,
  ) {
    this.window = new ConsumerCredit(info.prefetch, windowBytes);
    receiver.on("message", (context: EventContext) => {
      dropReceivedTag(context.delivery as Delivery);
      const bytes = rawBytesOf(context.message);
      const inbound = this.decode(bytes, context);
      this.arrivals++;
      if (this.window.arrived(bytes ? bytes.length : 0, inbound !== undefined)) this.reviseCredit();
      if (inbound) events.onMessage(inbound);
    });
    // The broker detached the link: Qpid JMS closes the consumer and tells the ExceptionListener.
    const remoteClose = (error: unknown) => {
      if (this.closingLocally) return;
      this.closingLocally = true;
      this.events.onRemoteClose(fromAmqpError(error, "illegal-state", "the broker closed the consumer"));
    };
    receiver.on("receiver_close", () => remoteClose(receiver.error));
    // The consumer's AMQP session is its own: the broker ending it ends the consumer.
    receiver.session.on("session_close", () => remoteClose(receiver.session.error));
  }

  static async attach(
    session: Session,
    info: ConsumerInfo,
    events: ConsumerEvents,
    drainTimeoutMs: number,
    /** jms.consumerWindowBytes: buffered bytes beyond which no more credit is granted. */
    windowBytes: number,
  ): Promise<AmqpConsumer> {
    const desired = subscriberDesiredCapabilities(session, info);
    const receiver = session.open_receiver({
      name: consumerLinkName(info),
      source: consumerSource(info),
      ...(desired ? { desired_capabilities: desired } : {}),
      target: {},
      credit_window: 0,
      autoaccept: false,
      snd_settle_mode: consumerSenderSettleMode(info),
      rcv_settle_mode: 0,
    });
    await awaitRemoteOpen(receiver, "receiver", consumerDescription(info), "invalid-destination", () =>
      hasTerminus(receiver.source),
    );
    await checkSharedSubsOffered(session, receiver, info);
    return new AmqpConsumer(receiver, info, events, drainTimeoutMs, windowBytes);
  }

  /** Grants a window of credit: the first, or again after stop() (a transacted session's rollback). */
  start(): void {
    this.stopped = false;
    this.topUpCredit();
  }

  /**
   * Takes back the credit the broker has not used (a flow with link-credit 0 [AMQP 2.6.7]), so nothing more
   * arrives while the consumer's delivered messages are settled on close: otherwise a broker hands a
   * message settled as failed straight back to this closing link, counting a delivery nobody saw.
   */
  stop(): void {
    this.stopped = true;
    this.lowerCredit(0);
  }

  /** The application took one message: credit may follow [qpid-jms 2.13]. */
  delivered(delivery: InboundDelivery): void {
    this.window.left(delivery.sizeBytes);
    this.topUpCredit();
  }

  /** The outcome as a disposition [qpid-jms 2.12]. */
  settle(delivery: InboundDelivery, outcome: AckOutcome): void {
    const rheaDelivery = delivery.token as Delivery;
    switch (outcome) {
      case "accepted":
        return rheaDelivery.accept();
      case "released":
        this.window.left(delivery.sizeBytes);
        return rheaDelivery.release();
      case "failed":
        return rheaDelivery.modified({ delivery_failed: true });
      case "undeliverable":
        return rheaDelivery.modified({ delivery_failed: true, undeliverable_here: true });
      case "rejected":
        return rheaDelivery.reject();
    }
  }

  /**
   * Asks for messages rather than waiting for a push [qpid-jms 2.13]: see Provider.pull. A prefetch-0
   * consumer ("pull consumer") gets one credit per pull; draining makes the broker send what it has and
   * then give up the rest of the credit, so "nothing there" is an answer instead of a timeout [AMQP 2.6.7].
   */
  pull(timeoutMs: number): Promise<void> {
    if (!this.receiver.is_open()) return Promise.resolve();
    if (timeoutMs === 0) return this.drain();
    if (this.info.prefetch === 0 && this.credit() === 0) {
      if (this.draining) this.creditWanted = true;
      else this.receiver.add_credit(1);
    }
    if (timeoutMs < 0) return Promise.resolve();
    const before = this.arrivals;
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.receiver.removeListener("receiver_close", stop);
        if (this.arrivals > before) resolve();
        else void this.drain().then(resolve);
      }, timeoutMs);
      const stop = () => {
        clearTimeout(timer);
        resolve();
      };
      this.receiver.once("receiver_close", stop);
    });
  }

  async close(): Promise<void> {
    this.closingLocally = true;
    if (!this.receiver.is_open()) return;
    const closed = awaitRemoteClose(this.receiver, "receiver");
    // A durable subscription stays when its consumer goes: detach without closing [qpid-jms 2.6].
    if (this.info.subscription?.durable) this.receiver.detach();
    else this.receiver.close();
    await closed;
  }

  /** Drains the link; resolves when the broker answers (or the link goes), then credit is topped up again. */
  private drain(): Promise<void> {
    if (this.draining) return this.draining;
    const receiver = this.receiver;
    const pullConsumer = this.info.prefetch === 0;
    if (this.credit() === 0 && !pullConsumer) return Promise.resolve();
    this.draining = new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        done();
        this.giveUp(`the broker did not answer a drain within ${this.drainTimeoutMs} ms`);
      }, this.drainTimeoutMs);
      // The credit used up by transfers ends a drain too: Artemis then sends no drained flow [AMQP 2.6.7].
      const onMessage = () => {
        if (this.credit() <= 0) done();
      };
      const done = () => {
        clearTimeout(timer);
        receiver.removeListener("message", onMessage);
        receiver.removeListener("receiver_drained", done);
        receiver.removeListener("receiver_close", done);
        receiver.session.removeListener("session_close", done);
        // rhea never clears the flag itself: every later flow would drain too [rhea.md 1.6].
        (receiver as unknown as { drain: boolean }).drain = false;
        this.draining = undefined;
        if (receiver.is_open()) this.topUpCredit();
        if (this.creditWanted && receiver.is_open() && this.credit() === 0) receiver.add_credit(1);
        this.creditWanted = false;
        resolve();
      };
      receiver.on("receiver_drained", done);
      receiver.on("message", onMessage);
      receiver.on("receiver_close", done);
      receiver.session.on("session_close", done);
      if (this.credit() === 0) {
        // A pull consumer asks for exactly one message: drain set, then one credit, in one flow.
        (receiver as unknown as { drain: boolean }).drain = true;
        receiver.add_credit(1);
      } else receiver.drain_credit();
    });
    return this.draining;
  }

  /** Closes the link and reports the consumer closed, as if the broker had detached it. */
  private giveUp(why: string): void {
    if (this.closingLocally) return;
    this.closingLocally = true;
    if (this.receiver.is_open()) this.receiver.close();
    this.events.onRemoteClose(new ProviderError("timed-out", why));
  }

  private credit(): number {
    // rhea keeps the link's remaining credit in a field its typings leave out.
    return (this.receiver as unknown as { credit: number }).credit;
  }

  private topUpCredit(): void {
    if (this.draining || this.stopped) return;
    const add = this.window.toAdd(this.credit());
    if (add > 0) this.receiver.add_credit(add);
  }

  /**
   * After the first message, or one larger than expected: grant what the window now allows, or take back
   * what it no longer covers, so a switch to large messages does not fill memory with the credit that
   * small ones earned. A pull consumer's single credit is its own affair.
   */
  private reviseCredit(): void {
    if (this.draining || this.stopped || this.info.prefetch === 0) return;
    const max = this.window.maxCredit();
    if (this.credit() > max) this.lowerCredit(max);
    else this.topUpCredit();
  }

  /** Sends a flow with less link credit than the broker holds [AMQP 2.6.7]. */
  private lowerCredit(credit: number): void {
    const link = this.receiver as unknown as RheaReceiverInternals;
    if (!this.receiver.is_open() || link.credit <= credit) return;
    // rhea can only add credit, and it writes a link's flow after the session's dispositions in the same
    // pass; writing this flow now puts it on the wire ahead of the dispositions that follow [rhea.md 1.6].
    link.credit = credit;
    link.session._write_flow(link);
  }

  /** Undecodable bytes are settled as undeliverable here, as Qpid JMS does [qpid-jms 2.2]. */
  private decode(bytes: Buffer | undefined, context: EventContext): InboundDelivery | undefined {
    const delivery = context.delivery as Delivery;
    try {
      if (!bytes)
        throw new Error(`unsupported message format ${String((context as { format?: number }).format)}`);
      const facade = decodeReceived(bytes, this.info.destination satisfies Destination, Date.now());
      return { consumerId: this.info.id, facade, token: delivery, sizeBytes: bytes.length, arrival: 0 };
    } catch {
      delivery.modified({ delivery_failed: true, undeliverable_here: true });
      return undefined;
    }
  }
}

/** The fields of rhea's receiver that its typings leave out and `stop()` needs. */
interface RheaReceiverInternals {
  credit: number;
  session: { _write_flow(link: unknown): void };
}
