import type { Delivery, EventContext, Sender, Session } from "rhea";
import type { ProducerInfo } from "../provider";
import { ProviderError } from "../provider-error";
import { nodeCapability } from "./amqp-destinations";
import { fromAmqpError } from "./amqp-error-conditions";
import { Outcome } from "./amqp-symbols";
import { awaitRemoteClose, awaitRemoteOpen, hasTerminus } from "./rhea-endpoint";

interface PendingSend {
  bytes: Buffer;
  resolve(): void;
  reject(error: ProviderError): void;
}

/**
 * A producer link [qpid-jms 2.6]. Sends wait for credit here (rhea would queue them in its fixed
 * delivery ring and throw once it is full), and each send settles with the broker's outcome.
 */
export class AmqpProducer {
  private readonly waitingForCredit: PendingSend[] = [];
  private readonly unsettled = new Map<Delivery, PendingSend>();
  private closedWith: ProviderError | undefined;
  private closingLocally = false;

  private constructor(
    private readonly sender: Sender,
    onRemoteClose: (error: ProviderError) => void,
  ) {
    sender.on("sendable", () => this.flush());
    sender.on("accepted", (context: EventContext) => this.settle(context, undefined));
    for (const outcome of ["rejected", "released", "modified"]) {
      sender.on(outcome, (context: EventContext) => this.settle(context, outcomeError(outcome, context)));
    }
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
    info: ProducerInfo,
    onRemoteClose: (error: ProviderError) => void,
  ): Promise<AmqpProducer> {
    const address = info.destination.address;
    const sender = session.open_sender({
      name: `qpid-jms:sender:${info.id}:${address}`,
      source: { address: info.id, outcomes: Object.values(Outcome) },
      target: { address, capabilities: [nodeCapability(info.destination)] },
      snd_settle_mode: 0,
      rcv_settle_mode: 0,
      autosettle: true,
    });
    const what = `producer for ${String(info.destination)}`;
    await awaitRemoteOpen(sender, "sender", what, "invalid-destination", () => hasTerminus(sender.target));
    return new AmqpProducer(sender, onRemoteClose);
  }

  /** Resolves when the broker accepts the message; rejects with its outcome otherwise. */
  send(bytes: Buffer): Promise<void> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    return new Promise((resolve, reject) => {
      this.waitingForCredit.push({ bytes, resolve, reject });
      this.flush();
    });
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
    for (const pending of this.waitingForCredit.splice(0)) pending.reject(error);
    for (const pending of this.unsettled.values()) pending.reject(error);
    this.unsettled.clear();
  }

  /** sendable() counts sends not yet written (@jms-ts/rhea-patches), so this never exceeds credit. */
  private flush(): void {
    while (this.waitingForCredit.length > 0 && this.sender.sendable()) {
      const pending = this.waitingForCredit.shift() as PendingSend;
      const delivery = this.sender.send(pending.bytes, undefined, 0);
      this.unsettled.set(delivery, pending);
    }
  }

  private settle(context: EventContext, error: ProviderError | undefined): void {
    const delivery = context.delivery as Delivery;
    const pending = this.unsettled.get(delivery);
    if (!pending) return;
    this.unsettled.delete(delivery);
    if (error) pending.reject(error);
    else pending.resolve();
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
