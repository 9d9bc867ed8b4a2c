// rhea's Incoming.on_transfer makes each received delivery an object literal carrying five fresh closures
// (update, accept, release, reject, modified), keeps its payload in an array, and then deletes that array
// from the object, which turns it into a slow dictionary. A consumer receives one delivery per message, and
// this was the largest allocation on a jms-ts consumer's path. Here a received delivery is an instance of a
// class with those five as methods, holding a one-frame payload without an array. Everything rhea and its
// users read (id, tag, format, link, settled, state, remote_settled, remote_state, incomplete) and call is
// the same, and so are the frame-sequence checks, the credit and delivery-count accounting and the
// `message` event.
import { createRequire } from "node:module";
import { once, requireFunction, type RheaModules } from "./rhea-internals";

const load = createRequire(import.meta.url);

interface Outcome {
  described(): unknown;
}

interface RheaMessage {
  decode(bytes: Buffer | undefined): unknown;
  accepted(): Outcome;
  released(): Outcome;
  modified(params?: unknown): Outcome;
  rejected(params: { error: unknown }): Outcome;
}

interface Transfer {
  delivery_id?: number | null;
  delivery_tag?: Buffer | null;
  message_format?: number | null;
  settled?: boolean | null;
  more?: boolean | null;
  state?: unknown;
}

interface Receiver {
  _incomplete: ReceivedDelivery | undefined;
  credit: number;
  delivery_count: number;
  local: { attach: { rcv_settle_mode?: number } };
  is_remote_open(): boolean;
  dispatch(event: string, context: unknown): void;
  _context(fields: object): unknown;
}

interface IncomingThis {
  next_transfer_id: number;
  next_delivery_id: number | undefined;
  deliveries: { push(delivery: unknown): void };
  update(delivery: ReceivedDelivery, settled: boolean, state: unknown): void;
}

let rheaMessage: RheaMessage;

/** A delivery rhea received, with rhea's field names and methods. */
class ReceivedDelivery {
  readonly id: number;
  tag: Buffer | null | undefined;
  readonly format: number;
  readonly link: Receiver;
  settled = false;
  state: unknown = undefined;
  remote_settled: boolean;
  remote_state: unknown;
  incomplete: boolean | null | undefined = undefined;
  /** The first frame's payload; later frames of a multi-frame message go to `rest`. */
  private first: Buffer | undefined;
  private rest: Buffer[] | undefined;
  readonly #incoming: IncomingThis;

  constructor(incoming: IncomingThis, receiver: Receiver, transfer: Transfer, payload: Buffer | undefined) {
    this.#incoming = incoming;
    this.id = transfer.delivery_id as number;
    this.tag = transfer.delivery_tag;
    this.format = transfer.message_format as number;
    this.link = receiver;
    this.remote_settled = transfer.settled === undefined ? false : (transfer.settled as boolean);
    this.remote_state = transfer.state;
    this.first = payload;
  }

  addFrame(payload: Buffer): void {
    (this.rest ??= []).push(payload);
  }

  /** The whole message's bytes, once: the parts are let go. */
  takeData(): Buffer | undefined {
    const first = this.first;
    const rest = this.rest;
    this.first = undefined;
    this.rest = undefined;
    if (!rest) return first;
    return Buffer.concat(first === undefined ? rest : [first, ...rest]);
  }

  /** rhea's settle-and-state update: unsettled by default only in rcv-settle-mode second. */
  update(settled?: boolean, state?: unknown): void {
    const settle = settled === undefined ? this.link.local.attach.rcv_settle_mode !== 1 : settled;
    this.#incoming.update(this, settle, state);
  }

  accept(): void {
    this.update(undefined, rheaMessage.accepted().described());
  }

  release(params?: unknown): void {
    const outcome = params ? rheaMessage.modified(params) : rheaMessage.released();
    this.update(undefined, outcome.described());
  }

  reject(error?: unknown): void {
    this.update(undefined, rheaMessage.rejected({ error }).described());
  }

  modified(params?: unknown): void {
    this.update(undefined, rheaMessage.modified(params).described());
  }
}

export function patchLeanIncomingDeliveries(modules: RheaModules): void {
  rheaMessage = load("rhea/lib/message.js") as RheaMessage;
  for (const name of ["decode", "accepted", "released", "modified", "rejected"] as const)
    requireFunction(rheaMessage, name, "message");
  const probe = modules.container.create_connection({ id: "jms-ts-probe" }).create_session();
  const incoming = Object.getPrototypeOf(probe.incoming) as Record<string, unknown>;
  requireFunction(incoming, "on_transfer", "Incoming.prototype");
  requireFunction(incoming, "update", "Incoming.prototype");
  once(incoming, "lean-incoming-deliveries", () => {
    incoming["on_transfer"] = onTransfer;
  });
}

function onTransfer(
  this: IncomingThis,
  frame: { performative: Transfer; payload?: Buffer },
  receiver: Receiver,
) {
  this.next_transfer_id++;
  if (!receiver.is_remote_open()) throw Error("transfer after detach");
  const transfer = frame.performative;
  const deliveryId = transfer.delivery_id;
  if (this.next_delivery_id === undefined) this.next_delivery_id = deliveryId as number;
  let current = receiver._incomplete;
  if (current) {
    // A continuation frame may repeat the delivery id, but not name another one [AMQP 2.7.5].
    if (deliveryId !== undefined && deliveryId !== null && current.id !== deliveryId)
      throw Error(`frame sequence error: delivery ${current.id} not complete, got ${deliveryId}`);
    if (frame.payload) current.addFrame(frame.payload);
  } else if (this.next_delivery_id === deliveryId) {
    current = new ReceivedDelivery(this, receiver, transfer, frame.payload);
    this.deliveries.push(current);
    this.next_delivery_id++;
  } else {
    throw Error(`frame sequence error: expected ${this.next_delivery_id}, got ${deliveryId}`);
  }
  current.incomplete = transfer.more;
  if (current.incomplete) {
    receiver._incomplete = current;
    return;
  }
  receiver._incomplete = undefined;
  const data = current.takeData();
  if (receiver.credit > 0) receiver.credit--;
  else console.error("Received transfer when credit was %d", receiver.credit);
  receiver.delivery_count++;
  const context =
    current.format === 0
      ? { message: rheaMessage.decode(data), delivery: current }
      : { message: data, delivery: current, format: current.format };
  receiver.dispatch("message", receiver._context(context));
}
