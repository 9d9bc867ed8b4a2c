import { type Message, setAcknowledger } from "../../message/message";
import { wrapFacade } from "../../message/wrap-facade";
import type { InboundDelivery, Provider } from "../../provider/provider";
import { AckTracker } from "./ack-tracker";

/** A consumer that takes delivered messages back to hand them out again (MessageConsumer.redeliver). */
export interface Redeliverable {
  redeliver(deliveries: InboundDelivery[]): void;
}

/** What the acknowledger needs from its session. */
export interface AcknowledgingSession {
  /** @throws IllegalStateException saying why, once the session is closed. */
  checkOpen(action: string): void;
  consumerById(id: string): Redeliverable | undefined;
  reportListenerFailure(error: unknown): void;
}

/**
 * A session's acknowledge mode applied to the messages it hands out [JMS 2.0 6.2.10-11; qpid-jms 2.12]:
 * AUTO and DUPS_OK accept on hand-over to receive() or once a listener's promise resolves; CLIENT accepts
 * everything delivered on `acknowledge()`, INDIVIDUAL (101) just that message; `recover()` hands the
 * unacknowledged ones out again, locally; close fails what is left.
 */
export class SessionAcknowledger {
  private readonly unacknowledged = new AckTracker();

  /** `mode`: 0 transacted (acks go into the transaction), 1 AUTO, 2 CLIENT, 3 DUPS_OK, 101 INDIVIDUAL. */
  constructor(
    private readonly provider: Provider,
    private readonly mode: number,
    private readonly session: AcknowledgingSession,
  ) {}

  /** The message receive() returns; AUTO and DUPS_OK accept it now. */
  forReceive(delivery: InboundDelivery): Message {
    const message = this.toApplication(delivery);
    if (!this.onRequest) this.provider.acknowledge(delivery, "accepted");
    return message;
  }

  /** The message for a listener: tracked until it returns, so recover() inside it redelivers it. */
  forListener(delivery: InboundDelivery): Message {
    const message = this.toApplication(delivery);
    // Transacted: the ack joins the transaction before the listener runs, so a commit or rollback inside
    // the listener covers this message [qpid-jms 2.12].
    if (this.mode === 0) this.provider.acknowledge(delivery, "accepted");
    else if (!this.onRequest) this.unacknowledged.add(delivery);
    return message;
  }

  /**
   * The listener resolved, or threw `failure.error` [JMS 2.0 8.7]: the failure goes to the ExceptionListener
   * and, in AUTO and DUPS_OK mode, the message comes again at once (decision 0010).
   */
  listenerDone(consumer: Redeliverable, delivery: InboundDelivery, failure?: { error: unknown }): void {
    if (failure) this.session.reportListenerFailure(failure.error);
    // recover() inside the listener took it back already; CLIENT and INDIVIDUAL wait for acknowledge().
    if (this.onRequest || !this.unacknowledged.remove(delivery)) return;
    if (failure) consumer.redeliver([delivery]);
    else this.provider.acknowledge(delivery, "accepted");
  }

  /** Hands every unacknowledged message back to its consumer, oldest first [JMS 2.0 6.2.11]. */
  recover(): void {
    this.session.checkOpen("recover");
    const byConsumer = new Map<string, InboundDelivery[]>();
    for (const delivery of this.unacknowledged.takeAll()) {
      const list = byConsumer.get(delivery.consumerId) ?? [];
      list.push(delivery);
      byConsumer.set(delivery.consumerId, list);
    }
    for (const [consumerId, deliveries] of byConsumer) {
      const consumer = this.session.consumerById(consumerId);
      if (consumer) consumer.redeliver(deliveries);
      // Its consumer is gone: the broker redelivers it instead.
      else for (const delivery of deliveries) this.provider.acknowledge(delivery, "failed");
    }
  }

  /** Accepts every unacknowledged message (CLIENT's acknowledge, JMSContext.acknowledge). */
  acknowledgeAll(): void {
    this.session.checkOpen("acknowledge");
    for (const delivery of this.unacknowledged.takeAll()) this.provider.acknowledge(delivery, "accepted");
  }

  /** Session close: what nobody acknowledged fails, so it comes again redelivered [JMS 2.0 6.2.12]. */
  failAll(): void {
    for (const delivery of this.unacknowledged.takeAll()) this.provider.acknowledge(delivery, "failed");
  }

  private get onRequest(): boolean {
    return this.mode === 2 || this.mode === 101;
  }

  private toApplication(delivery: InboundDelivery): Message {
    const message = wrapFacade(delivery.facade);
    message.markReceived();
    if (this.onRequest) {
      this.unacknowledged.add(delivery);
      setAcknowledger(message, () => this.acknowledge(delivery));
    }
    return message;
  }

  /** `message.acknowledge()`: CLIENT accepts everything delivered, INDIVIDUAL only this one if still open. */
  private acknowledge(delivery: InboundDelivery): Promise<void> {
    return new Promise((resolve) => {
      if (this.mode !== 101) this.acknowledgeAll();
      else {
        this.session.checkOpen("acknowledge");
        if (this.unacknowledged.remove(delivery)) this.provider.acknowledge(delivery, "accepted");
      }
      resolve();
    });
  }
}
