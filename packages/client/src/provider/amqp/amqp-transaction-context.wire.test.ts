import { amqp, encodeMessage } from "@jms-ts/codec";
import rhea, { type Delivery } from "rhea";
import { describe, expect, it } from "vitest";
import { PeerFixture } from "../../../test/support/peer-fixture";
import type { AmqpError, ScriptedPeer, TransferReply } from "../../../test/support/scripted-peer";
import {
  IllegalStateException,
  Session,
  type TextMessage,
  TransactionInDoubtException,
  TransactionRolledBackException,
} from "../../index";

// The transacted session's wire behaviour [AMQP 4.5; qpid-jms 2.10, 2.12] against a scripted peer that
// plays the transaction coordinator.

const fixture = new PeerFixture();
const { types } = rhea;

const COORDINATOR_LINK = /^qpid-jms:coordinator:/;
/** An amqp-value section holding a described declare (0x31) with an empty list [AMQP 4.5.2]. */
const DECLARE_BYTES = Buffer.from([0x00, 0x53, 0x77, 0x00, 0x53, 0x31, 0x45]);

/** The n-th txn-id the peer hands out: 8 opaque bytes. */
const txnId = (n: number) => Buffer.from(`txn-${String(n).padStart(4, "0")}`);

/** amqp-value(discharge{txn-id, fail}) as Qpid JMS writes it [AMQP 4.5.3]. */
function dischargeBytes(id: Buffer, fail: boolean): Buffer {
  const list = Buffer.concat([Buffer.from([0xa0, id.length]), id, Buffer.from([fail ? 0x41 : 0x42])]);
  return Buffer.concat([
    Buffer.from([0x00, 0x53, 0x77, 0x00, 0x53, 0x32, 0xc0, list.length + 1, 0x02]),
    list,
  ]);
}

const described = (code: number, fields: unknown[]): unknown =>
  types.described(types.wrap_ulong(code), types.wrap_list(fields));
const accepted = (): unknown => described(0x24, []);

interface Script {
  /** How the peer answers a declare; declared{txn-id} unless this says otherwise. */
  declare?: () => TransferReply | undefined;
  /** How the peer answers a discharge; accepted unless this says otherwise. */
  discharge?: (fail: boolean) => TransferReply;
  /** The outcome inside the transactional-state answering a transactional send. */
  sendOutcome?: () => unknown;
}

/** The peer as coordinator: declares with txn-ids 1, 2, ...; answers transactional sends in kind. */
function coordinate(peer: ScriptedPeer, script: Script = {}): void {
  let declared = 0;
  peer.onTransfer = (transfer) => {
    const delivery = transfer.delivery;
    if (!COORDINATOR_LINK.test(transfer.linkName)) {
      const state = delivery.remote_state as unknown;
      if (!Array.isArray(state)) return { outcome: "accept" };
      const outcome = script.sendOutcome?.() ?? accepted();
      delivery.update(true, described(0x34, [types.wrap_binary(state[0] as Buffer), outcome]));
      return { outcome: "hold" };
    }
    if (transfer.bytes.equals(DECLARE_BYTES)) {
      const reply = script.declare?.();
      if (reply) return reply;
      delivery.update(true, described(0x33, [types.wrap_binary(txnId(++declared))]));
      return { outcome: "hold" };
    }
    const fail = transfer.bytes[transfer.bytes.length - 1] === 0x41;
    return script.discharge?.(fail) ?? { outcome: "accept" };
  };
}

function text(body: string): Buffer {
  return encodeMessage({ body: { kind: "value", value: amqp.string(body) } });
}

const coordinatorTransfers = (peer: ScriptedPeer) =>
  peer.transfers.filter((t) => COORDINATOR_LINK.test(t.linkName)).map((t) => t.bytes);

async function transactedSession(): Promise<Session> {
  const connection = await fixture.connect();
  await connection.start();
  return connection.createSession(Session.SESSION_TRANSACTED);
}

describe("[AMQP 4.5] transacted sessions on the wire", () => {
  it("[qpid-jms 2.6, 2.10] attach qpid-jms:coordinator:<sessionId> to a coordinator, then declare", async () => {
    const peer = fixture.peer;
    coordinate(peer);
    const session = await transactedSession();
    const attach = peer.attaches.find((a) => COORDINATOR_LINK.test(a.name));
    expect(attach?.name).toBe(`qpid-jms:coordinator:${session.id}`);
    expect(attach?.role).toBe("sender");
    expect(attach?.target?.capabilities).toEqual(["amqp:local-transactions"]);
    expect(attach?.target?.address).toBeUndefined();
    expect(attach?.source?.outcomes).toEqual([
      "amqp:accepted:list",
      "amqp:rejected:list",
      "amqp:released:list",
      "amqp:modified:list",
    ]);
    expect(attach?.sndSettleMode).toBe(0);
    expect(coordinatorTransfers(peer)).toEqual([DECLARE_BYTES]);
  });

  it("[AMQP 4.5.6] a send carries transactional-state{txn-id}; commit discharges fail=false, then declares", async () => {
    const peer = fixture.peer;
    coordinate(peer);
    const session = await transactedSession();
    const producer = await session.createProducer(session.createQueue("tx-q"));
    await producer.send(session.createTextMessage("in tx 1"));
    const sent = peer.transfers.find((t) => t.linkName.includes("tx-q"));
    expect(sent?.delivery.remote_state).toEqual([txnId(1)]);
    expect(sent?.settled).toBe(false);
    await session.commit();
    await producer.send(session.createTextMessage("in tx 2"));
    expect(peer.transfers.at(-1)?.delivery.remote_state).toEqual([txnId(2)]);
    expect(coordinatorTransfers(peer)).toEqual([
      DECLARE_BYTES,
      dischargeBytes(txnId(1), false),
      DECLARE_BYTES,
    ]);
  });

  it("[AMQP 4.5.3] rollback discharges fail=true, then declares the next transaction", async () => {
    const peer = fixture.peer;
    coordinate(peer);
    const session = await transactedSession();
    await session.rollback();
    expect(coordinatorTransfers(peer)).toEqual([
      DECLARE_BYTES,
      dischargeBytes(txnId(1), true),
      DECLARE_BYTES,
    ]);
  });

  it("[qpid-jms 2.12] an ack is a settled disposition transactional-state{txn-id, accepted}", async () => {
    const peer = fixture.peer;
    coordinate(peer);
    const session = await transactedSession();
    const consumer = await session.createConsumer(session.createQueue("tx-in"));
    const delivery: Delivery = await peer.sendTo("tx-in", text("take me"));
    const message = (await consumer.receive(5000)) as TextMessage | null;
    expect(message?.getText()).toBe("take me");
    await message?.acknowledge(); // a no-op in a transacted session
    await peer.waitFor("the ack", () => (delivery.remote_settled ? true : undefined));
    const state = delivery.remote_state as {
      descriptor: { value: unknown };
      value: { value: unknown; descriptor?: { value: unknown } }[];
    };
    expect(state.descriptor.value).toBe(0x34);
    expect(state.value[0]?.value).toEqual(txnId(1));
    expect(state.value[1]?.descriptor?.value).toBe(0x24);
  });

  it("a transactional send the broker rejects inside the transactional-state fails", async () => {
    const peer = fixture.peer;
    const error: AmqpError = { condition: "amqp:not-found", description: "no such queue" };
    coordinate(peer, {
      sendOutcome: () =>
        described(0x25, [
          described(0x1d, [types.wrap_symbol(error.condition), types.wrap_string("no such queue")]),
        ]),
    });
    const session = await transactedSession();
    const producer = await session.createProducer(session.createQueue("tx-q"));
    await expect(producer.send(session.createTextMessage("refused"))).rejects.toThrow(/no such queue/);
  });

  it("[qpid-jms 2.10] a refused discharge makes commit throw TransactionRolledBackException", async () => {
    const peer = fixture.peer;
    coordinate(peer, {
      discharge: () => ({
        outcome: "reject",
        error: { condition: "amqp:transaction:rollback", description: "queue full" },
      }),
    });
    const session = await transactedSession();
    const failure = await session.commit().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(TransactionRolledBackException);
    expect((failure as TransactionRolledBackException).errorCode).toBe("amqp:transaction:rollback");
    // The next transaction is declared all the same.
    expect(coordinatorTransfers(peer).at(-1)).toEqual(DECLARE_BYTES);
  });

  it("the connection lost while a commit is outstanding: TransactionInDoubtException", async () => {
    const peer = fixture.peer;
    coordinate(peer, { discharge: () => ({ outcome: "hold" }) });
    const session = await transactedSession();
    const committing = session.commit().then(
      () => undefined,
      (e: unknown) => e,
    );
    await peer.waitFor("the discharge", () => (coordinatorTransfers(peer).length === 2 ? true : undefined));
    peer.closeConnections({ condition: "amqp:connection:forced", description: "going down" });
    const failure = await committing;
    expect(failure).toBeInstanceOf(TransactionInDoubtException);
    expect((failure as Error).message).toMatch(/unknown/);
  });

  it("[qpid-jms 2.10] a discharge not answered within jms.requestTimeout: TransactionInDoubtException, no new transaction", async () => {
    const peer = fixture.peer;
    coordinate(peer, { discharge: () => ({ outcome: "hold" }) });
    const connection = await fixture.connect("jms.requestTimeout=200");
    const session = await connection.createSession(Session.SESSION_TRANSACTED);
    const failure = await session.commit().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(TransactionInDoubtException);
    expect((failure as Error).message).toMatch(/unknown.*200 ms \(jms\.requestTimeout\)/);
    expect(coordinatorTransfers(peer)).toHaveLength(2); // declare, discharge: no declare over a commit in doubt
    const producer = await session.createProducer(session.createQueue("q"));
    await expect(producer.send(session.createTextMessage("x"))).rejects.toThrow(/no open transaction/);
  });

  it("the connection lost before commit: TransactionRolledBackException", async () => {
    const peer = fixture.peer;
    coordinate(peer);
    const connection = await fixture.connect();
    const lost = new Promise<void>((resolve) => connection.setExceptionListener(() => resolve()));
    const session = await connection.createSession(true, Session.SESSION_TRANSACTED);
    peer.closeConnections({ condition: "amqp:connection:forced", description: "going down" });
    await lost;
    await expect(session.commit()).rejects.toThrow(TransactionRolledBackException);
    await expect(session.commit()).rejects.toThrow(/rolled the transaction back/);
  });

  it("a refused declare fails createSession and ends its AMQP session", async () => {
    const peer = fixture.peer;
    coordinate(peer, {
      declare: () => ({
        outcome: "reject",
        error: { condition: "amqp:not-implemented", description: "no tx" },
      }),
    });
    const connection = await fixture.connect();
    await expect(connection.createSession(Session.SESSION_TRANSACTED)).rejects.toThrow(/no tx/);
    await peer.waitFor("the session end", () => (peer.sessionEnds > 0 ? true : undefined));
  });

  it("[qpid-jms 2.10] closing a session with an open transaction discharges it with fail=true", async () => {
    const peer = fixture.peer;
    coordinate(peer);
    const session = await transactedSession();
    await session.close();
    expect(coordinatorTransfers(peer)).toEqual([DECLARE_BYTES, dischargeBytes(txnId(1), true)]);
    expect(peer.detaches).toContain(`qpid-jms:coordinator:${session.id}`);
  });

  it("[JMS 2.0 Session.commit] a session that is not transacted sends nothing and throws", async () => {
    const peer = fixture.peer;
    const session = await fixture.session();
    await expect(session.commit()).rejects.toThrow(IllegalStateException);
    await expect(session.rollback()).rejects.toThrow(/not transacted/);
    expect(peer.attaches.some((a) => COORDINATOR_LINK.test(a.name))).toBe(false);
  });
});
