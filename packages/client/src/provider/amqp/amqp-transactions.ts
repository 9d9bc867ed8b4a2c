import type { Delivery, Session } from "rhea";
import type { AckOutcome, ConsumerInfo, InboundDelivery, ProducerInfo } from "../provider";
import { ProviderError } from "../provider-error";
import { AmqpTransactionContext } from "./amqp-transaction-context";

/**
 * The provider's transacted sessions: each one's coordinator, and which producers and consumers belong to
 * one, so their sends and acks go into its transaction [qpid-jms 2.10, 2.12].
 */
export class AmqpTransactions {
  private readonly bySession = new Map<string, AmqpTransactionContext>();
  /** Producer or consumer id → its transacted session's id. */
  private readonly members = new Map<string, string>();

  /** Attaches the session's coordinator and declares its first transaction. */
  async open(session: Session, sessionId: string): Promise<void> {
    this.bySession.set(sessionId, await AmqpTransactionContext.attach(session, sessionId));
  }

  /** Session close: an open transaction rolls back [qpid-jms 2.10]. */
  async close(sessionId: string): Promise<void> {
    const context = this.bySession.get(sessionId);
    this.bySession.delete(sessionId);
    for (const [member, owner] of this.members) if (owner === sessionId) this.members.delete(member);
    await context?.close();
  }

  /** A producer or consumer was created: remembered if its session is transacted. */
  joined(info: ProducerInfo | ConsumerInfo): void {
    if (this.bySession.has(info.sessionId)) this.members.set(info.id, info.sessionId);
  }

  left(id: string): void {
    this.members.delete(id);
  }

  /** The transfer state a producer's send carries; undefined outside a transacted session. */
  transferStateFor(producerId: string): unknown {
    return this.contextOf(producerId)?.transferState();
  }

  /**
   * Acks a message of a transacted session's consumer in the transaction: a settled disposition with
   * transactional-state{txn-id, accepted} [qpid-jms 2.12]. False when the ack is not transactional.
   */
  acknowledge(delivery: InboundDelivery, outcome: AckOutcome): boolean {
    if (outcome !== "accepted") return false;
    const context = this.contextOf(delivery.consumerId);
    if (!context) return false;
    let state: unknown;
    try {
      state = context.acceptState();
    } catch {
      // No transaction to ack into (its declare failed): the broker gets the message back instead.
      (delivery.token as Delivery).release();
      return true;
    }
    (delivery.token as Delivery).update(true, state);
    return true;
  }

  commit(sessionId: string): Promise<void> {
    return this.contextFor(sessionId, "commit").commit();
  }

  rollback(sessionId: string): Promise<void> {
    return this.contextFor(sessionId, "rollback").rollback();
  }

  private contextOf(memberId: string): AmqpTransactionContext | undefined {
    const sessionId = this.members.get(memberId);
    return sessionId === undefined ? undefined : this.bySession.get(sessionId);
  }

  private contextFor(sessionId: string, action: string): AmqpTransactionContext {
    const context = this.bySession.get(sessionId);
    if (!context) {
      throw new ProviderError(
        "illegal-state",
        `${action}(): session ${sessionId} is not transacted or is closed`,
      );
    }
    return context;
  }
}
