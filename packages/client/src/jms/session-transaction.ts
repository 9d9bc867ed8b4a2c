import { IllegalStateException, TransactionRolledBackException } from "../errors/exceptions";
import { jmsCall } from "../errors/to-jms-exception";
import type { Provider } from "../provider/provider";

/** A consumer of a transacted session, as rollback needs it. */
export interface TransactionalConsumer {
  readonly id: string;
  /** Gives what was prefetched but never handed out back to the broker (released). */
  releasePrefetched(): void;
}

/** What a session's transaction needs from the session. */
export interface TransactionHost {
  readonly id: string;
  /** @throws IllegalStateException saying why, once the session is closed. */
  checkOpen(action: string): void;
  consumers(): Iterable<TransactionalConsumer>;
}

/**
 * A session's local transaction [JMS 2.0 6.2.7]: commit and rollback for a transacted session, and the
 * errors JMS asks for on any other. The provider keeps a transaction open at all times (qpid-jms 2.10:
 * declared when the session is created and again right after each commit or rollback).
 */
export class SessionTransaction {
  /** Set when the connection failed: the broker has rolled back whatever was open. */
  private lost: { cause: unknown } | undefined;

  constructor(
    private readonly provider: Provider,
    readonly transacted: boolean,
    private readonly host: TransactionHost,
  ) {}

  /**
   * Commits the sends and receives of the transaction [JMS 2.0 6.2.7].
   * @throws IllegalStateException on a session that is not transacted, or closed.
   * @throws TransactionRolledBackException if the broker rolled the transaction back instead, or the
   *   connection was lost before the commit.
   * @throws TransactionInDoubtException if the connection was lost while the commit was outstanding.
   */
  async commit(): Promise<void> {
    this.checkTransacted("commit");
    if (this.lost) {
      throw new TransactionRolledBackException(
        "the connection was lost before commit(): the broker rolled the transaction back",
        { cause: this.lost.cause },
      );
    }
    this.host.checkOpen("commit");
    await jmsCall(() => this.provider.commit(this.host.id));
  }

  /**
   * Rolls back the sends and receives of the transaction: received messages come again, marked
   * redelivered [JMS 2.0 6.2.7]. As in Qpid JMS the consumers' credit is taken back first and their
   * prefetched messages released, so the broker redelivers everything in queue order [qpid-jms 2.10].
   * @throws IllegalStateException on a session that is not transacted, or closed.
   */
  async rollback(): Promise<void> {
    this.checkTransacted("rollback");
    this.host.checkOpen("roll back");
    const consumers = [...this.host.consumers()];
    for (const consumer of consumers) {
      this.provider.stopConsumer(consumer.id);
      consumer.releasePrefetched();
    }
    try {
      await jmsCall(() => this.provider.rollback(this.host.id));
    } finally {
      for (const consumer of consumers) this.provider.startConsumer(consumer.id);
    }
  }

  /** @throws IllegalStateException in a transacted session: rollback() is its recover [JMS 2.0 Session.recover]. */
  checkRecover(): void {
    if (this.transacted) {
      throw new IllegalStateException(
        "recover() called on a transacted session; use rollback() to have its messages redelivered [JMS 2.0 Session.recover]",
      );
    }
  }

  /** The connection failed under the session. */
  connectionLost(cause: unknown): void {
    this.lost ??= { cause };
  }

  private checkTransacted(method: "commit" | "rollback"): void {
    if (!this.transacted) {
      throw new IllegalStateException(
        `${method}() called on a session that is not transacted; create it with Session.SESSION_TRANSACTED [JMS 2.0 Session.${method}]`,
      );
    }
  }
}
