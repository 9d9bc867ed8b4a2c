// When a receiver asks a sender to drain [AMQP 2.7.4], the sender must answer with a flow that carries
// drain=true once its credit is used up. rhea's sender answers only if credit is still left when it writes
// the flow, so a sender that used its last credit on messages (or had none) never answers, and receivers
// waiting to drain (Qpid JMS receiveNoWait, rhea's receiver_drained) hang. The fix answers in both cases.
import { once, requireFunction, type RheaModules } from "./rhea-internals";

interface SenderThis {
  _draining?: boolean;
  _drained?: boolean;
  credit: number;
  delivery_count: number;
}

export function patchDrainAnswer({ link }: RheaModules): void {
  const proto = link.Sender.prototype;
  requireFunction(proto, "_get_drain", "Sender.prototype");
  once(proto, "drain-answer", () => {
    proto["_get_drain"] = function (this: SenderThis): boolean {
      if (!this._draining || !this._drained) return false;
      // Drained: the unused credit is consumed by advancing the delivery count [AMQP 2.6.7].
      this.delivery_count += this.credit;
      this.credit = 0;
      return true;
    };
  });
}
