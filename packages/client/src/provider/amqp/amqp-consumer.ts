import { rawBytesOf } from "@jms-ts/rhea-patches";
import type { Delivery, EventContext, Receiver, Session } from "rhea";
import type { Destination } from "../../jms/destinations";
import type { AckOutcome, ConsumerInfo, InboundDelivery } from "../provider";
import { consumerSenderSettleMode, consumerSource } from "./amqp-consumer-source";
import type { ProviderError } from "../provider-error";
import { fromAmqpError } from "./amqp-error-conditions";
import { decodeReceived } from "./amqp-message-codec";
import { creditToAdd } from "./credit-policy";
import { awaitRemoteClose, awaitRemoteOpen, hasTerminus } from "./rhea-endpoint";

/** What a consumer link reports to the provider. */
export interface ConsumerEvents {
  onMessage(delivery: InboundDelivery): void;
  onRemoteClose(error: ProviderError): void;
}

/**
 * A consumer link [qpid-jms 2.6]: manual credit (never rhea's arrival-driven window), no auto-accept
 * (rhea would accept before the application saw the message), settlement per the session's ack mode.
 */
export class AmqpConsumer {
  /** Arrived and not yet handed to the application. */
  private buffered = 0;
  private closingLocally = false;

  private constructor(
    private readonly receiver: Receiver,
    private readonly info: ConsumerInfo,
    events: ConsumerEvents,
  ) {
    receiver.on("message", (context: EventContext) => {
      const delivery = context.delivery as Delivery;
      const inbound = this.decode(context, delivery);
      if (!inbound) return;
      this.buffered++;
      events.onMessage(inbound);
    });
    // The broker detached the link: Qpid JMS closes the consumer and tells the ExceptionListener.
    const remoteClose = (error: unknown) => {
      if (this.closingLocally) return;
      this.closingLocally = true;
      events.onRemoteClose(fromAmqpError(error, "illegal-state", "the broker closed the consumer"));
    };
    receiver.on("receiver_close", () => remoteClose(receiver.error));
    // The consumer's AMQP session is its own: the broker ending it ends the consumer.
    receiver.session.on("session_close", () => remoteClose(receiver.session.error));
  }

  static async attach(session: Session, info: ConsumerInfo, events: ConsumerEvents): Promise<AmqpConsumer> {
    const address = info.destination.address;
    const receiver = session.open_receiver({
      name: `qpid-jms:receiver:${info.id}:${address}`,
      source: consumerSource(info),
      target: {},
      credit_window: 0,
      autoaccept: false,
      snd_settle_mode: consumerSenderSettleMode(info),
      rcv_settle_mode: 0,
    });
    await awaitRemoteOpen(
      receiver,
      "receiver",
      `consumer for ${String(info.destination)}`,
      "invalid-destination",
      () => hasTerminus(receiver.source),
    );
    return new AmqpConsumer(receiver, info, events);
  }

  /** Grants the first window of credit. */
  start(): void {
    this.topUpCredit();
  }

  /** The application took one message: credit may follow [qpid-jms 2.13]. */
  delivered(): void {
    this.buffered = Math.max(0, this.buffered - 1);
    this.topUpCredit();
  }

  settle(delivery: InboundDelivery, outcome: AckOutcome): void {
    const rheaDelivery = delivery.token as Delivery;
    if (outcome === "accepted") rheaDelivery.accept();
    else if (outcome === "released") {
      this.buffered = Math.max(0, this.buffered - 1);
      rheaDelivery.release();
    } else rheaDelivery.modified({ delivery_failed: true });
  }

  async close(): Promise<void> {
    this.closingLocally = true;
    if (!this.receiver.is_open()) return;
    const closed = awaitRemoteClose(this.receiver, "receiver");
    this.receiver.close();
    await closed;
  }

  private topUpCredit(): void {
    // rhea keeps the link's remaining credit in a field its typings leave out.
    const credit = (this.receiver as unknown as { credit: number }).credit;
    const add = creditToAdd(this.info.prefetch, credit, this.buffered);
    if (add > 0) this.receiver.add_credit(add);
  }

  /** Undecodable bytes are settled as undeliverable here, as Qpid JMS does [qpid-jms 2.2]. */
  private decode(context: EventContext, delivery: Delivery): InboundDelivery | undefined {
    const bytes = rawBytesOf(context.message);
    try {
      if (!bytes)
        throw new Error(`unsupported message format ${String((context as { format?: number }).format)}`);
      const facade = decodeReceived(bytes, this.info.destination satisfies Destination, Date.now());
      return { consumerId: this.info.id, facade, token: delivery };
    } catch {
      delivery.modified({ delivery_failed: true, undeliverable_here: true });
      return undefined;
    }
  }
}
