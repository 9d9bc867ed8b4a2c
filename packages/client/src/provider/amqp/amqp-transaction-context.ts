import type { Connection, Delivery, EventContext, Sender, Session } from "rhea";
import { ProviderError } from "../provider-error";
import { fromAmqpError } from "./amqp-error-conditions";
import { Outcome } from "./amqp-symbols";
import {
  coordinatorTarget,
  declaredTxnId,
  encodeDeclare,
  encodeDischarge,
  transactionalAccept,
  transactionalState,
} from "./amqp-transaction-codec";
import { awaitRemoteClose, awaitRemoteOpen, hasTerminus, requestTimeoutOf } from "./rhea-endpoint";

interface Control {
  resolve: (state: unknown) => void;
  reject: (error: ProviderError) => void;
}

/** rhea's link fields its typings leave out. */
interface RheaLinkInternals {
  credit: number;
  local: { attach: Record<string, unknown> };
}

/**
 * A transacted session's transaction coordinator [AMQP 4.5; qpid-jms 2.10]: a sender link named
 * `qpid-jms:coordinator:<sessionId>` to a coordinator target. Declares a transaction when attached and
 * right after each discharge, so the session always has one to put its work in: sends carry
 * transactional-state{txn-id}, acks transactional-state{txn-id, accepted}.
 */
export class AmqpTransactionContext {
  private txnId: Buffer | undefined;
  /** Why no transaction is open (the last declare failed), told to whoever needs one. */
  private noTransaction: ProviderError | undefined;
  /** The coordinator or the connection is gone: the broker has rolled back what was open. */
  private failure: ProviderError | undefined;
  private readonly controls = new Map<Delivery, Control>();
  /** Requests waiting for coordinator credit. */
  private readonly unsent = new Set<Control>();
  private readonly connectionLost: () => void;

  private constructor(
    private readonly link: Sender,
    private readonly sessionId: string,
  ) {
    link.on("settled", (context: EventContext) => this.answered(context.delivery as Delivery));
    const gone = (cause: unknown) =>
      this.fail(
        fromAmqpError(cause, "transaction-rolled-back", "the broker closed the transaction coordinator"),
      );
    link.on("sender_close", () => gone(link.error));
    link.session.on("session_close", () => gone(link.session.error));
    this.connectionLost = () =>
      this.fail(new ProviderError("connection-failed", "the connection to the broker was lost"));
    const connection: Connection = link.connection;
    connection.on("disconnected", this.connectionLost);
    connection.on("connection_close", this.connectionLost);
  }

  /** Attaches the coordinator and declares the first transaction; rejects if either is refused. */
  static async attach(session: Session, sessionId: string): Promise<AmqpTransactionContext> {
    // open_sender would rebuild a described target as a plain target (0x29) [rhea.md 1.13].
    const link = (
      session as unknown as { create_sender(name: string, options: object): Sender }
    ).create_sender(`qpid-jms:coordinator:${sessionId}`, { snd_settle_mode: 0, rcv_settle_mode: 0 });
    (link as unknown as { set_source(fields: object): void }).set_source({
      outcomes: Object.values(Outcome),
    });
    (link as unknown as RheaLinkInternals).local.attach["target"] = coordinatorTarget();
    const opened = awaitRemoteOpen(
      link,
      "sender",
      `transaction coordinator of session ${sessionId}`,
      "general",
      () => hasTerminus(link.target),
    );
    link.attach();
    await opened;
    const context = new AmqpTransactionContext(link, sessionId);
    try {
      await context.declare();
    } catch (error) {
      await context.close();
      throw error;
    }
    return context;
  }

  /** The state for a transfer in the current transaction [AMQP 4.5.6]. */
  transferState(): unknown {
    return transactionalState(this.current("send"));
  }

  /** The state of an ack in the current transaction [qpid-jms 2.12]. */
  acceptState(): unknown {
    return transactionalAccept(this.current("acknowledge"));
  }

  /**
   * Discharges with fail=false, then declares the next transaction. A refused discharge means the broker
   * rolled the transaction back; a connection lost meanwhile leaves the outcome unknown.
   */
  async commit(): Promise<void> {
    await afterQueuedFrames();
    if (this.failure) {
      throw new ProviderError(
        "transaction-rolled-back",
        `the transaction was rolled back: ${this.failure.message} before commit`,
        { cause: this.failure },
      );
    }
    const txnId = this.current("commit");
    this.txnId = undefined;
    try {
      await this.control(encodeDischarge(txnId, false));
    } catch (error) {
      // Checked again after the wait: the connection may have gone meanwhile.
      const lost = this.failure as ProviderError | undefined;
      // Only a lost connection leaves the outcome open: a closed coordinator means the broker rolled back.
      if (lost?.kind === "connection-failed") {
        throw new ProviderError(
          "transaction-in-doubt",
          `the connection was lost while the commit was outstanding: whether the broker committed the transaction is unknown (${lost.message})`,
          { cause: error },
        );
      }
      // No answer in time: the transaction may yet commit, so no next one is declared over it and the
      // session takes no more transactional work (close it).
      if (error instanceof ProviderError && error.kind === "timed-out") {
        this.noTransaction = error;
        throw new ProviderError(
          "transaction-in-doubt",
          `the commit was not answered: whether the broker committed the transaction is unknown (${error.message})`,
          { cause: error },
        );
      }
      await this.declareNext();
      throw asRolledBack(error);
    }
    await this.declareNext();
  }

  /** Discharges with fail=true, then declares the next transaction [qpid-jms 2.10]. */
  async rollback(): Promise<void> {
    await afterQueuedFrames();
    if (this.failure) return; // the broker rolled back when the coordinator went
    const txnId = this.current("roll back");
    this.txnId = undefined;
    try {
      await this.control(encodeDischarge(txnId, true));
    } finally {
      await this.declareNext();
    }
  }

  /** Rolls an open transaction back (session close [qpid-jms 2.10]) and detaches the coordinator. */
  async close(): Promise<void> {
    await afterQueuedFrames();
    const txnId = this.txnId;
    this.txnId = undefined;
    if (txnId && !this.failure) await this.control(encodeDischarge(txnId, true)).catch(() => undefined);
    this.fail(new ProviderError("illegal-state", "the session is closed"));
    if (!this.link.is_open()) return;
    const closed = awaitRemoteClose(this.link, "sender");
    this.link.close();
    await closed;
  }

  private async declare(): Promise<void> {
    const state = await this.control(encodeDeclare());
    const txnId = declaredTxnId(state);
    if (!txnId) {
      throw new ProviderError(
        "general",
        "the broker answered a transaction declare without a declared{txn-id} outcome",
      );
    }
    this.txnId = txnId;
    this.noTransaction = undefined;
  }

  /** After a discharge: a failed declare is kept and told to the next transactional call. */
  private async declareNext(): Promise<void> {
    if (this.failure) return;
    try {
      await this.declare();
    } catch (error) {
      this.noTransaction =
        error instanceof ProviderError ? error : new ProviderError("general", String(error));
    }
  }

  private current(action: string): Buffer {
    if (this.txnId) return this.txnId;
    const why = this.failure ?? this.noTransaction;
    throw new ProviderError(
      this.failure ? "transaction-rolled-back" : "illegal-state",
      `cannot ${action}: session ${this.sessionId} has no open transaction${why ? ` (${why.message})` : ""}`,
      why ? { cause: why } : {},
    );
  }

  /** Sends a declare or discharge; resolves with the broker's settled state, rejects if refused. */
  private control(bytes: Buffer): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const control: Control = { resolve, reject };
      this.unsent.add(control);
      const send = () => {
        if (!this.unsent.delete(control)) return; // failed while waiting for credit
        const delivery = this.link.send(bytes, undefined, 0);
        this.controls.set(delivery, control);
        this.limitWait(delivery, control);
      };
      if ((this.link as unknown as RheaLinkInternals).credit > 0) send();
      else this.link.once("sendable", send);
    });
  }

  /** A declare or discharge the broker does not answer within jms.requestTimeout fails "timed-out". */
  private limitWait(delivery: Delivery, control: Control): void {
    const limit = requestTimeoutOf(this.link);
    if (limit <= 0) return;
    const timer = setTimeout(() => {
      if (this.controls.get(delivery) !== control) return;
      this.controls.delete(delivery);
      control.reject(
        new ProviderError(
          "timed-out",
          `the transaction coordinator did not answer within ${limit} ms (jms.requestTimeout)`,
        ),
      );
    }, limit);
    const { resolve, reject } = control;
    control.resolve = (state) => {
      clearTimeout(timer);
      resolve(state);
    };
    control.reject = (error) => {
      clearTimeout(timer);
      reject(error);
    };
  }

  private answered(delivery: Delivery): void {
    const control = this.controls.get(delivery);
    if (!control) return;
    this.controls.delete(delivery);
    const state = delivery.remote_state as
      { constructor?: { composite_type?: string }; error?: unknown } | undefined;
    const kind = state?.constructor?.composite_type;
    if (kind === "rejected") {
      control.reject(fromAmqpError(state?.error, "general", "the broker refused the transaction request"));
    } else if (kind === "released" || kind === "modified") {
      control.reject(new ProviderError("general", `the broker ${kind} the transaction request`));
    } else control.resolve(state);
  }

  private fail(error: ProviderError): void {
    if (this.failure) return;
    this.failure = error;
    const connection: Connection = this.link.connection;
    connection.removeListener("disconnected", this.connectionLost);
    connection.removeListener("connection_close", this.connectionLost);
    for (const control of [...this.controls.values(), ...this.unsent]) control.reject(error);
    this.controls.clear();
    this.unsent.clear();
  }
}

/** A refused commit: the broker rolled the transaction back [qpid-jms 2.10]. */
function asRolledBack(error: unknown): ProviderError {
  if (error instanceof ProviderError && error.kind === "transaction-rolled-back") return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderError(
    "transaction-rolled-back",
    `the commit failed and the transaction was rolled back: ${message}`,
    {
      cause: error,
      ...(error instanceof ProviderError && error.condition !== undefined
        ? { condition: error.condition }
        : {}),
    },
  );
}

/**
 * Resolves once rhea has written what this tick queued. rhea writes frames once per tick, session by
 * session in channel order, so a discharge sent in the same tick as an ack on a later session's link would
 * reach the broker first and the ack would name a discharged transaction. Qpid Broker-J then closes the
 * consumer (amqp:transaction:unknown-id); Artemis drops the connection.
 */
function afterQueuedFrames(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
