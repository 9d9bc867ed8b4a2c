// rhea writes each frame the moment it is encoded (Connection._write_frame calls output(), and
// Transport.write makes one socket.write per frame), so a pass that sends a thousand transfers costs a
// thousand write syscalls. Here frames produced while rhea processes its sessions or reads input are
// serialized at once (rhea reuses some performative objects, e.g. clearing the close's error right after
// queuing it, so serializing later would write the changed object) and held until that pass ends; then they
// are written together with the socket corked, so the kernel gets one writev. Frame order is unchanged;
// frames written outside those passes (heartbeats, SASL) go out at once, as before.
import { once, requireFunction, type RheaModules } from "./rhea-internals";

interface ConnectionThis {
  output(): void;
  amqp_transport: { pending: unknown[] };
  /** Passes (process or input) in progress; while > 0 frames are serialized but not yet written. */
  jmsTsBatchDepth?: number;
  /** Frames serialized and queued in this pass, not yet written. */
  jmsTsHeld?: number;
}

interface Corkable {
  cork?: () => void;
  uncork?: () => void;
}

/** A frame already serialized, queued where rhea queues frame objects. */
const SERIALIZED = Symbol.for("jms-ts.serialized-frame");

type Method = (this: ConnectionThis, ...args: unknown[]) => unknown;

export function patchCoalescedWrites({ transport, connection, frames }: RheaModules): void {
  const transportProto = transport.prototype;
  const connectionProto = connection.prototype as Record<string, Method>;
  requireFunction(transportProto, "write", "Transport.prototype");
  for (const name of ["_write_frame", "_process", "input", "output"])
    requireFunction(connectionProto, name, "Connection.prototype");
  requireFunction(frames, "amqp_frame", "frames");
  requireFunction(frames, "write_frame", "frames");

  once(frames, "coalesced-writes", () => {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- a plain function on rhea's module object
    const writeFrame = frames.write_frame;
    frames.write_frame = (frame) => (frame as { [SERIALIZED]?: Buffer })[SERIALIZED] ?? writeFrame(frame);
  });

  once(transportProto, "coalesced-writes", () => {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be called with rhea's `this`
    const write = transportProto.write;
    transportProto.write = function (this: unknown, socket: Corkable) {
      if (typeof socket.cork !== "function" || typeof socket.uncork !== "function")
        return write.call(this, socket);
      socket.cork();
      try {
        return write.call(this, socket);
      } finally {
        socket.uncork();
      }
    };
  });

  once(connectionProto, "coalesced-writes", () => {
    const writeFrame = connectionProto["_write_frame"] as Method;
    connectionProto["_write_frame"] = function (this: ConnectionThis, ...args: unknown[]) {
      if (!this.jmsTsBatchDepth) return writeFrame.apply(this, args);
      const [channel, performative, payload] = args;
      let serialized: Buffer;
      try {
        serialized = frames.write_frame(frames.amqp_frame(channel, performative, payload));
      } catch {
        // rhea's own path, so the failure surfaces where rhea reports write errors (output()).
        return writeFrame.apply(this, args);
      }
      this.amqp_transport.pending.push({ [SERIALIZED]: serialized });
      this.jmsTsHeld = (this.jmsTsHeld ?? 0) + 1;
    };
    for (const name of ["_process", "input"]) {
      const pass = connectionProto[name] as Method;
      connectionProto[name] = function (this: ConnectionThis, ...args: unknown[]) {
        this.jmsTsBatchDepth = (this.jmsTsBatchDepth ?? 0) + 1;
        try {
          return pass.apply(this, args);
        } finally {
          this.jmsTsBatchDepth -= 1;
          if (this.jmsTsBatchDepth === 0) flushHeldFrames(this);
        }
      };
    }
  });
}

/**
 * Writes the frames held by the pass in progress now, as rhea would have; for code that must get a frame
 * out before rhea ends the socket within the same pass.
 */
export function flushHeldFrames(connection: object): void {
  const held = connection as ConnectionThis;
  if (!held.jmsTsHeld) return;
  held.jmsTsHeld = 0;
  held.output();
}
