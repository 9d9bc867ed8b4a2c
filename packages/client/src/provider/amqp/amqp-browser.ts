import { rawBytesOf } from "@jms-ts/rhea-patches";
import type { Delivery, EventContext, Receiver, Session } from "rhea";
import type { ConsumerInfo, InboundDelivery } from "../provider";
import { consumerSenderSettleMode, consumerSource } from "./amqp-consumer-source";
import { type ConsumerEvents, dropReceivedTag } from "./amqp-consumer";
import { fromAmqpError } from "./amqp-error-conditions";
import { decodeReceived } from "./amqp-message-codec";
import { ConsumerCredit } from "./consumer-credit";
import { awaitRemoteClose, awaitRemoteOpen, hasTerminus } from "./rhea-endpoint";

/**
 * A QueueBrowser's link [qpid-jms 2.6]: source distribution-mode copy, so the broker sends copies and
 * keeps the messages, presettled, so nothing is acknowledged. The end of the queue is found by draining:
 * once the broker has answered a drain, every message it had is in the client's hands [AMQP 2.6.7].
 */
export class AmqpBrowser {
  /** Copies buffered for the application, bounded like a consumer's (jms.consumerWindowBytes). */
  private readonly window: ConsumerCredit;
  private closingLocally = false;

  private constructor(
    private readonly receiver: Receiver,
    private readonly info: ConsumerInfo,
    events: ConsumerEvents,
    windowBytes: number,
  ) {
    this.window = new ConsumerCredit(info.prefetch, windowBytes);
    receiver.on("message", (context: EventContext) => {
      dropReceivedTag(context.delivery as Delivery);
      const bytes = rawBytesOf(context.message);
      const inbound = this.decode(bytes, context);
      if (this.window.arrived(bytes ? bytes.length : 0, inbound !== undefined)) this.topUpCredit();
      if (inbound) events.onMessage(inbound);
    });
    const remoteClose = (error: unknown) => {
      if (this.closingLocally) return;
      this.closingLocally = true;
      events.onRemoteClose(fromAmqpError(error, "illegal-state", "the broker closed the browser"));
    };
    receiver.on("receiver_close", () => remoteClose(receiver.error));
    receiver.session.on("session_close", () => remoteClose(receiver.session.error));
  }

  static async attach(
    session: Session,
    info: ConsumerInfo,
    events: ConsumerEvents,
    windowBytes: number,
  ): Promise<AmqpBrowser> {
    const receiver = session.open_receiver({
      name: `qpid-jms:receiver:${info.id}:${info.destination.address}`,
      source: consumerSource(info),
      target: {},
      credit_window: 0,
      autoaccept: false,
      snd_settle_mode: consumerSenderSettleMode(info),
      rcv_settle_mode: 0,
    });
    const what = `browser for ${String(info.destination)}`;
    await awaitRemoteOpen(receiver, "receiver", what, "invalid-destination", () =>
      hasTerminus(receiver.source),
    );
    return new AmqpBrowser(receiver, info, events, windowBytes);
  }

  start(): void {
    this.topUpCredit();
  }

  delivered(delivery: InboundDelivery): void {
    this.window.left(delivery.sizeBytes);
    this.topUpCredit();
  }

  /** Copies arrive settled: there is nothing to tell the broker. */
  settle(): void {
    return;
  }

  /** Asks the broker for all it has, then to give up the rest of the credit; resolves when it has. */
  drain(): Promise<void> {
    if (!this.receiver.is_open()) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        this.receiver.removeListener("receiver_drained", done);
        this.receiver.removeListener("receiver_close", done);
        (this.receiver as unknown as { drain: boolean }).drain = false;
        resolve();
      };
      this.receiver.on("receiver_drained", done);
      this.receiver.on("receiver_close", done);
      if (this.credit() === 0) this.receiver.add_credit(Math.max(1, this.window.maxCredit()));
      this.receiver.drain_credit();
    });
  }

  async close(): Promise<void> {
    this.closingLocally = true;
    if (!this.receiver.is_open()) return;
    const closed = awaitRemoteClose(this.receiver, "receiver");
    this.receiver.close();
    await closed;
  }

  private credit(): number {
    // rhea keeps the link's remaining credit in a field its typings leave out.
    return (this.receiver as unknown as { credit: number }).credit;
  }

  private topUpCredit(): void {
    const add = this.window.toAdd(this.credit());
    if (add > 0) this.receiver.add_credit(add);
  }

  private decode(bytes: Buffer | undefined, context: EventContext): InboundDelivery | undefined {
    try {
      if (!bytes) throw new Error("unsupported message format");
      const facade = decodeReceived(bytes, this.info.destination, Date.now());
      return {
        consumerId: this.info.id,
        facade,
        token: context.delivery,
        sizeBytes: bytes.length,
        arrival: 0,
      };
    } catch {
      // A copy the client cannot read is skipped; the message stays on the queue for real consumers.
      return undefined;
    }
  }
}
