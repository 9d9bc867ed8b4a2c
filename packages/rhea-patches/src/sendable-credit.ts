// rhea lowers a sender's `credit` only when it writes a transfer, on the next tick, so `sendable()` stays
// true while a burst of sends is still queued. A loop "while (sendable()) send()" then queues far more
// than the peer's credit allows: the surplus waits in the session's in-order ring, blocks every other
// link of that session, and past 2048 makes `send` throw "circular buffer overflow" [AMQP 2.6.7].
// The fix remembers each link's sends that are not written yet and subtracts them in `sendable()`.
import { once, requireFunction, type RheaModules } from "./rhea-internals";

const UNWRITTEN = Symbol("jms-ts.unwritten-deliveries");

interface SenderThis {
  credit: number;
  session: { outgoing: { next_pending_delivery: number; available(): boolean } };
  [UNWRITTEN]?: number[];
}

export function patchSendableCredit({ link }: RheaModules): void {
  const proto = link.Sender.prototype as Record<string, (this: SenderThis, ...args: unknown[]) => unknown>;
  requireFunction(proto, "send", "Sender.prototype");
  requireFunction(proto, "sendable", "Sender.prototype");
  once(proto, "sendable-credit", () => {
    const send = proto["send"] as (this: SenderThis, ...args: unknown[]) => { id: number };
    proto["send"] = function (...args) {
      const delivery = send.apply(this, args);
      (this[UNWRITTEN] ??= []).push(delivery.id);
      return delivery;
    };
    proto["sendable"] = function () {
      return this.session.outgoing.available() && unusedCredit(this) > 0;
    };
  });
}

/** Credit minus the sends still waiting to be written; rhea writes a session's transfers in id order. */
export function unusedCredit(sender: SenderThis): number {
  const unwritten = sender[UNWRITTEN];
  if (!unwritten) return sender.credit;
  const written = sender.session.outgoing.next_pending_delivery;
  while (unwritten.length > 0 && isBefore(unwritten[0] as number, written)) unwritten.shift();
  return sender.credit - unwritten.length;
}

/** Delivery ids are serial numbers that wrap at 2^32 [AMQP 2.8.9 sequence-no, RFC 1982]. */
function isBefore(id: number, next: number): boolean {
  const distance = (next - id) >>> 0;
  return distance > 0 && distance < 2 ** 31;
}
