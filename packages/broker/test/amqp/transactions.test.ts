// Local transactions through the coordinator [AMQP 4]: declare, transactional sends and acks, discharge.
import { createRequire } from "node:module";
import { amqp, encodeMessage } from "@jms-ts/codec";
import rhea, { type Delivery, type EventContext, type Sender, type Session } from "rhea";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  BrokerFixture,
  deliveryCountOf,
  nextEvent,
  type ReceiverProbe,
  remoteError,
  type TestClient,
  textMessage,
  within,
} from "./rhea-client";

const fixture = new BrokerFixture();
beforeEach(() => fixture.start());
afterEach(() => fixture.stop());

// Test-only: rhea cannot send a transfer with a state (helper H3 adds a client patch for that). Until
// then the transfer frame of a delivery whose tag is in this map gets the state written in.
const transferStates = new WeakMap<Buffer, unknown>();
const frames = createRequire(import.meta.url)("rhea/lib/frames.js") as {
  transfer(fields: { delivery_tag?: Buffer }): { value: unknown[] };
  __txHack?: boolean;
};
if (!frames.__txHack) {
  const transfer = frames.transfer.bind(frames);
  frames.transfer = (fields) => {
    const frame = transfer(fields);
    const state = fields.delivery_tag && transferStates.get(fields.delivery_tag);
    if (state) frame.value[7] = state; // the transfer's state field [AMQP 2.7.5]
    return frame;
  };
  frames.__txHack = true;
}

const { types } = rhea;
const outcomes = rhea.message as unknown as { accepted(): { described(): unknown } };

interface Described {
  descriptor?: { value?: unknown };
  value?: Array<{ value?: unknown }>;
  error?: { condition?: string };
}

const declare = (global?: Buffer) =>
  encodeMessage({
    body: {
      kind: "value",
      value: amqp.described(amqp.ulong(0x31), amqp.list(global ? [amqp.binary(global)] : [])),
    },
  });
const discharge = (txnId: Buffer, fail: boolean) =>
  encodeMessage({
    body: {
      kind: "value",
      value: amqp.described(amqp.ulong(0x32), amqp.list([amqp.binary(txnId), amqp.boolean(fail)])),
    },
  });

/** A client's coordinator link [AMQP 4.5.1], attached on its own session as Qpid JMS does. */
class Coordinator {
  private constructor(readonly link: Sender) {}

  static async attach(client: TestClient): Promise<Coordinator> {
    const session: Session = client.connection.create_session();
    session.begin();
    // rhea's typings leave out create_sender; open_sender would rebuild the target as a plain 0x29.
    const link = (
      session as unknown as { create_sender(name: string, options: object): Sender }
    ).create_sender("txn-coordinator", {});
    (link as unknown as { local: { attach: Record<string, unknown> } }).local.attach["target"] =
      types.described(
        types.wrap_ulong(0x30),
        types.wrap_list([types.wrap_array(["amqp:local-transactions"], 0xb3, undefined)]),
      );
    const opened = nextEvent(link, "sender_open");
    link.attach();
    await opened;
    if (!(link as unknown as { credit: number }).credit) await nextEvent(link, "sendable");
    return new Coordinator(link);
  }

  /** Sends a control message and resolves with the broker's settled state. */
  async control(bytes: Buffer): Promise<Described> {
    const delivery: Delivery = this.link.send(bytes, undefined, 0);
    const settled = new Promise<Described>((resolve) => {
      const listener = (context: EventContext) => {
        if (context.delivery !== delivery) return;
        this.link.removeListener("settled", listener);
        resolve(delivery.remote_state as Described);
      };
      this.link.on("settled", listener);
    });
    return within(settled, "the coordinator's answer");
  }

  async declare(): Promise<Buffer> {
    const state = await this.control(declare());
    expect(state.descriptor?.value).toBe(0x33);
    const txnId = state.value?.[0]?.value;
    expect(Buffer.isBuffer(txnId)).toBe(true);
    return txnId as Buffer;
  }
}

/** The outcome rhea decoded (accepted, rejected, ...), or undefined for a state it does not know. */
function outcomeOf(state: Described): string | undefined {
  return (state.constructor as { composite_type?: string }).composite_type;
}

/** Sends a message in a transaction; resolves with the broker's settled state. */
async function sendInTx(link: Sender, bytes: Buffer, txnId: Buffer): Promise<Described> {
  const tag = Buffer.from(`tx-${Math.random()}`);
  transferStates.set(
    tag,
    types.described(types.wrap_ulong(0x34), types.wrap_list([types.wrap_binary(txnId)])),
  );
  const delivery: Delivery = link.send(bytes, tag, 0);
  const settled = new Promise<Described>((resolve) => {
    const listener = (context: EventContext) => {
      if (context.delivery !== delivery) return;
      link.removeListener("settled", listener);
      resolve(delivery.remote_state as Described);
    };
    link.on("settled", listener);
  });
  return within(settled, "the answer to a transactional transfer");
}

/** Acks a received message in a transaction, as Qpid JMS does: settled transactional-state(accepted). */
function ackInTx(delivery: Delivery, txnId: Buffer): void {
  delivery.update(
    true,
    types.described(
      types.wrap_ulong(0x34),
      types.wrap_list([types.wrap_binary(txnId), outcomes.accepted().described()]),
    ),
  );
}

async function queued(client: TestClient, address: string, ids: string[]): Promise<void> {
  const sender = await client.openSender(address);
  expect(await sender.sendAll(ids.map(textMessage))).toEqual(ids.map(() => "accepted"));
}

async function receiverWith(client: TestClient, address: string, credit: number): Promise<ReceiverProbe> {
  const receiver = await client.openReceiver(address);
  receiver.link.add_credit(credit);
  return receiver;
}

describe("transactions", () => {
  it("[AMQP 4.3] a declare is settled with declared{txn-id}; each declare gets a new id", async () => {
    const client = await fixture.client();
    const coordinator = await Coordinator.attach(client);
    expect(coordinator.link.target).not.toBeNull();
    const first = await coordinator.declare();
    const second = await coordinator.declare();
    expect(first.equals(second)).toBe(false);
  });

  it("[AMQP 4.4.1] sends to two queues are invisible until commit, then all visible", async () => {
    const client = await fixture.client();
    const coordinator = await Coordinator.attach(client);
    const txnId = await coordinator.declare();
    const a = (await client.openSender("tx.a")).link;
    const b = (await client.openSender("tx.b")).link;
    for (const [link, id] of [
      [a, "a1"],
      [b, "b1"],
      [a, "a2"],
    ] as const) {
      const state = await sendInTx(link, textMessage(id), txnId);
      expect(state.descriptor?.value).toBe(0x34); // transactional-state{txn-id, accepted} [AMQP 4.4.1]
      expect(state.value?.[0]?.value).toEqual(txnId);
    }
    await client.roundTrip();
    expect(fixture.broker.queueStats("tx.a")).toMatchObject({ depth: 0 });
    expect(fixture.broker.queueStats("tx.b")).toMatchObject({ depth: 0 });
    const result = await coordinator.control(discharge(txnId, false));
    expect(outcomeOf(result)).toBe("accepted");
    expect(fixture.broker.queueStats("tx.a")).toMatchObject({ depth: 2 });
    expect(fixture.broker.queueStats("tx.b")).toMatchObject({ depth: 1 });
    const receiver = await receiverWith(client, "tx.a", 10);
    await receiver.count(2);
    expect(receiver.ids).toEqual(["a1", "a2"]);
  });

  it("[AMQP 4.4.1] rolled back sends vanish", async () => {
    const client = await fixture.client();
    const coordinator = await Coordinator.attach(client);
    const txnId = await coordinator.declare();
    const a = (await client.openSender("tx.rb")).link;
    await sendInTx(a, textMessage("r1"), txnId);
    await coordinator.control(discharge(txnId, true));
    await client.roundTrip();
    expect(fixture.broker.queueStats("tx.rb")).toMatchObject({ depth: 0, unsettled: 0 });
  });

  it("[AMQP 4.4.2] a transactional ack rolled back returns the message redelivered (delivery-count 1)", async () => {
    const client = await fixture.client();
    await queued(client, "tx.ack.rb", ["m1"]);
    const coordinator = await Coordinator.attach(client);
    const txnId = await coordinator.declare();
    const receiver = await receiverWith(client, "tx.ack.rb", 1);
    const [first] = await receiver.count(1);
    ackInTx((first as { delivery: Delivery }).delivery, txnId);
    await client.roundTrip();
    expect(fixture.broker.queueStats("tx.ack.rb")).toMatchObject({ depth: 0, unsettled: 1 });
    await coordinator.control(discharge(txnId, true));
    receiver.link.add_credit(1);
    const again = await receiver.next();
    expect(deliveryCountOf(again.bytes)).toBe(1);
  });

  it("[AMQP 4.4.2] a transactional ack committed removes the message", async () => {
    const client = await fixture.client();
    await queued(client, "tx.ack.c", ["m1"]);
    const coordinator = await Coordinator.attach(client);
    const txnId = await coordinator.declare();
    const receiver = await receiverWith(client, "tx.ack.c", 5);
    const [first] = await receiver.count(1);
    ackInTx((first as { delivery: Delivery }).delivery, txnId);
    await coordinator.control(discharge(txnId, false));
    await client.roundTrip();
    expect(fixture.broker.queueStats("tx.ack.c")).toMatchObject({ depth: 0, unsettled: 0 });
  });

  it("[AMQP 4.4.2] an ack in a discharged transaction closes the consumer unknown-id and gives the message back", async () => {
    const client = await fixture.client();
    await queued(client, "tx.ack.late", ["m1"]);
    const coordinator = await Coordinator.attach(client);
    const txnId = await coordinator.declare();
    const receiver = await receiverWith(client, "tx.ack.late", 5);
    const [first] = await receiver.count(1);
    await coordinator.control(discharge(txnId, false));
    ackInTx((first as { delivery: Delivery }).delivery, txnId);
    await nextEvent(receiver.link, "receiver_close");
    expect(remoteError(receiver.link)?.condition).toBe("amqp:transaction:unknown-id");
    await client.roundTrip(); // the broker has our answering detach
    expect(fixture.broker.queueStats("tx.ack.late")).toMatchObject({ depth: 1, unsettled: 0 });
  });

  it.each([
    [false, { depth: 0, unsettled: 0 }],
    [true, { depth: 1, unsettled: 0 }],
  ])(
    "[AMQP 4.4.2] an ack stays with its transaction when the consumer detaches first (rollback %s)",
    async (fail, expected) => {
      const client = await fixture.client();
      const address = `tx.ack.detached.${fail}`;
      await queued(client, address, ["m1"]);
      const coordinator = await Coordinator.attach(client);
      const txnId = await coordinator.declare();
      const receiver = await receiverWith(client, address, 5);
      const [first] = await receiver.count(1);
      ackInTx((first as { delivery: Delivery }).delivery, txnId);
      const closed = nextEvent(receiver.link, "receiver_close");
      receiver.link.close();
      await closed;
      expect(fixture.broker.queueStats(address)).toMatchObject({ depth: 0, unsettled: 1 });
      await coordinator.control(discharge(txnId, fail));
      await client.roundTrip();
      expect(fixture.broker.queueStats(address)).toMatchObject(expected);
    },
  );

  it("a dropped connection rolls back: held sends vanish, held acks come back redelivered", async () => {
    const client = await fixture.client();
    await queued(client, "tx.drop.in", ["m1"]);
    const coordinator = await Coordinator.attach(client);
    const txnId = await coordinator.declare();
    await sendInTx((await client.openSender("tx.drop.out")).link, textMessage("s1"), txnId);
    const receiver = await receiverWith(client, "tx.drop.in", 1);
    const [first] = await receiver.count(1);
    ackInTx((first as { delivery: Delivery }).delivery, txnId);
    await client.roundTrip();
    client.destroy();
    const other = await fixture.client();
    const again = await receiverWith(other, "tx.drop.in", 1);
    expect(deliveryCountOf((await again.next()).bytes)).toBe(1);
    expect(fixture.broker.queueStats("tx.drop.out")).toMatchObject({ depth: 0 });
  });

  it("[AMQP 4.4.4] a discharge of an unknown or already discharged txn-id is rejected unknown-id", async () => {
    const client = await fixture.client();
    const coordinator = await Coordinator.attach(client);
    const unknown = await coordinator.control(discharge(Buffer.from("nope"), false));
    expect(outcomeOf(unknown)).toBe("rejected");
    expect(unknown.error?.condition).toBe("amqp:transaction:unknown-id");
    const txnId = await coordinator.declare();
    await coordinator.control(discharge(txnId, false));
    const twice = await coordinator.control(discharge(txnId, false));
    expect(twice.error?.condition).toBe("amqp:transaction:unknown-id");
  });

  it("a global transaction is refused not-implemented", async () => {
    const client = await fixture.client();
    const coordinator = await Coordinator.attach(client);
    const state = await coordinator.control(declare(Buffer.from("global")));
    expect(state.error?.condition).toBe("amqp:not-implemented");
  });

  it("Qpid JMS sequencing: discharge then declare pipelined, the new transaction works", async () => {
    const client = await fixture.client();
    const coordinator = await Coordinator.attach(client);
    const t1 = await coordinator.declare();
    const a = (await client.openSender("tx.seq")).link;
    await sendInTx(a, textMessage("one"), t1);
    const [committed, declared] = await Promise.all([
      coordinator.control(discharge(t1, false)),
      coordinator.control(declare()),
    ]);
    expect(outcomeOf(committed)).toBe("accepted");
    const t2 = declared.value?.[0]?.value as Buffer;
    expect(Buffer.isBuffer(t2)).toBe(true);
    await sendInTx(a, textMessage("two"), t2);
    await coordinator.control(discharge(t2, false));
    expect(fixture.broker.queueStats("tx.seq")).toMatchObject({ depth: 2 });
  });

  it("[AMQP 4.4.1] a transfer in an unknown transaction is rejected unknown-id", async () => {
    const client = await fixture.client();
    const a = (await client.openSender("tx.unknown")).link;
    const state = await sendInTx(a, textMessage("u1"), Buffer.from("never declared"));
    expect(outcomeOf(state)).toBe("rejected");
    expect(state.error?.condition).toBe("amqp:transaction:unknown-id");
  });

  it("[AMQP 4.3] detaching the coordinator rolls back its live transaction", async () => {
    const client = await fixture.client();
    const coordinator = await Coordinator.attach(client);
    const txnId = await coordinator.declare();
    await sendInTx((await client.openSender("tx.detach")).link, textMessage("d1"), txnId);
    const closed = nextEvent(coordinator.link, "sender_close");
    coordinator.link.close();
    await closed;
    const again = await Coordinator.attach(client);
    const late = await again.control(discharge(txnId, false));
    expect(late.error?.condition).toBe("amqp:transaction:unknown-id");
    expect(fixture.broker.queueStats("tx.detach")).toMatchObject({ depth: 0 });
  });
});

describe("transactions with a full queue", () => {
  const limited = new BrokerFixture();
  afterEach(() => limited.stop());

  it("[AMQP 4.4.4] a commit a queue refuses stores nothing and is rejected amqp:transaction:rollback", async () => {
    await limited.start({
      config: { queues: [{ name: "tx.full", maxLength: 1, overflow: "reject-publish" }] },
    });
    const client = await limited.client();
    const coordinator = await Coordinator.attach(client);
    const txnId = await coordinator.declare();
    const full = (await client.openSender("tx.full")).link;
    const other = (await client.openSender("tx.other")).link;
    await sendInTx(other, textMessage("o1"), txnId);
    await sendInTx(full, textMessage("f1"), txnId);
    // Fill the queue outside the transaction, so the commit finds it at its limit.
    await queued(client, "tx.full", ["outside"]);
    const result = await coordinator.control(discharge(txnId, false));
    expect(outcomeOf(result)).toBe("rejected");
    expect(result.error?.condition).toBe("amqp:transaction:rollback");
    expect(limited.broker.queueStats("tx.other")).toMatchObject({ depth: 0 });
    expect(limited.broker.queueStats("tx.full")).toMatchObject({ depth: 1 });
  });
});
