// rhea coalesces the dispositions written in one tick into first..last ranges, but never compares the
// second delivery of a range with the first: accept(d0) then release(d1) in the same tick go out as one
// "accepted" for d0..d1, and d1 is lost. Both sides hit it: a consumer that acknowledges one message and
// releases the next as it closes, a broker that accepts one transfer and rejects the next.
// The fix takes over writing those dispositions: ranges only of consecutive, equally settled deliveries
// whose outcomes rhea itself calls equivalent (accepted), everything else one frame per delivery.
import { once, requireFunction, type RheaDelivery, type RheaModules } from "./rhea-internals";

type Processor = { process(this: Record<string, unknown>, ...args: unknown[]): unknown };

export function patchDispositionRanges(modules: RheaModules): void {
  const probe = modules.container.create_connection({ id: "jms-ts-probe" }).create_session();
  const incoming = Object.getPrototypeOf(probe.incoming) as Processor;
  const outgoing = Object.getPrototypeOf(probe.outgoing) as Processor;
  requireFunction(incoming, "process", "Incoming.prototype");
  requireFunction(outgoing, "process", "Outgoing.prototype");
  const write = (deliveries: RheaDelivery[]) => writeDispositions(modules, deliveries);

  once(incoming, "disposition-ranges", () => {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be called with rhea's `this`
    const process = incoming.process;
    incoming.process = function (...args) {
      write(this["updated"] as RheaDelivery[]);
      this["updated"] = [];
      return process.apply(this, args);
    };
  });
  once(outgoing, "disposition-ranges", () => {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be called with rhea's `this`
    const process = outgoing.process;
    outgoing.process = function (...args) {
      const pending = this["pending_dispositions"] as RheaDelivery[];
      this["pending_dispositions"] = [];
      const result = process.apply(this, args);
      write(pending);
      return result;
    };
  });
}

export function writeDispositions({ frames, message }: RheaModules, deliveries: RheaDelivery[]): void {
  let i = 0;
  while (i < deliveries.length) {
    const first = deliveries[i] as RheaDelivery;
    let last = first;
    while (i + 1 < deliveries.length) {
      const next = deliveries[i + 1] as RheaDelivery;
      const joins =
        next.id === last.id + 1 &&
        next.settled === first.settled &&
        first.state !== undefined &&
        next.state !== undefined &&
        message.are_outcomes_equivalent(first.state, next.state);
      if (!joins) break;
      last = next;
      i++;
    }
    const fields = {
      role: first.link.is_receiver(),
      first: first.id,
      last: last.id,
      state: first.state,
      settled: first.settled,
    };
    first.link.session.output(frames.disposition(fields));
    i++;
  }
}
