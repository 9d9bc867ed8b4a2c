// How rhea gets frames onto the socket costs more than the frames themselves:
// - Connection._write_frame calls output() for every frame, and Transport.write makes one socket.write per
//   frame: a pass that sends a thousand transfers makes a thousand write syscalls;
// - frames.write_frame serializes into a fresh zero-filled 1 KiB buffer and copies the payload in, doubling
//   the buffer as it goes: a 64 KiB message costs seven allocations and as many copies.
// Here a frame queued while rhea processes its sessions or reads input is serialized at once (rhea reuses some
// performative objects, e.g. it clears the close's error right after queuing it) as a small header buffer
// followed by the payload itself, uncopied, and held until the pass ends; then the pass's frames are written
// with the socket corked, so the kernel gets one writev (a socket that cannot cork gets one write per frame). Frame order and bytes are unchanged; frames written
// outside those passes (heartbeats, SASL), and all frames while rhea's frame log is on, take rhea's path.
import { LightTransfer, transferSize, writeTransfer } from "./fast-transfer-write";
import { once, requireFunction, type RheaModules } from "./rhea-internals";

interface ConnectionThis {
  output(): void;
  amqp_transport: { pending: unknown[] };
  /** Passes (process or input) in progress; while > 0 frames are serialized but not yet written. */
  jmsTsBatchDepth?: number;
  /** Frames serialized and queued in this pass, not yet written. */
  jmsTsHeld?: number;
}

interface TransportThis {
  pending: unknown[];
}

interface Socket {
  write(buffer: Buffer): unknown;
  cork?: () => void;
  uncork?: () => void;
}

export interface Frame {
  type: number;
  channel: number;
  performative?: unknown;
  payload?: Buffer;
}

/** A frame already serialized: its header and performative, then its payload (if any) as given. */
const SERIALIZED = Symbol.for("jms-ts.serialized-frame");
type Serialized = { [SERIALIZED]: Buffer[] };

/** Size (4), data offset (1, in 4-byte words), type (1), channel (2) [AMQP 2.3.1]. */
const DATA_OFFSET_WORDS = 2;
/** Performatives bigger than this get a writer of their own instead of growing the shared one for good. */
const SCRATCH_LIMIT = 64 * 1024;

type Method = (this: ConnectionThis, ...args: unknown[]) => unknown;

export function patchCoalescedWrites({ transport, connection, frames, types, log }: RheaModules): void {
  const transportProto = transport.prototype;
  const connectionProto = connection.prototype as Record<string, Method>;
  requireFunction(transportProto, "write", "Transport.prototype");
  for (const name of ["_write_frame", "_process", "input", "output"])
    requireFunction(connectionProto, name, "Connection.prototype");
  requireFunction(frames, "amqp_frame", "frames");
  requireFunction(frames, "write_frame", "frames");
  requireFunction(types, "Writer", "types");

  const serialize = frameSerializer(types);

  once(transportProto, "coalesced-writes", () => {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be called with rhea's `this`
    const write = transportProto.write;
    transportProto.write = function (this: TransportThis, socket: Socket) {
      const pending = this.pending;
      // Without cork (e.g. rhea's WebSocket adapter, where each write is a message) a frame stays one write.
      const corks = typeof socket.cork === "function" && typeof socket.uncork === "function";
      if (corks) socket.cork?.();
      try {
        if (!pending.some(isSerialized)) return write.call(this, socket);
        // rhea's write still sends the protocol header if it is due; the frames follow in queue order.
        this.pending = [];
        write.call(this, socket);
        for (const entry of pending) {
          if (!isSerialized(entry)) socket.write(frames.write_frame(entry));
          else if (corks) for (const buffer of entry[SERIALIZED]) socket.write(buffer);
          else socket.write(Buffer.concat(entry[SERIALIZED]));
        }
        return undefined;
      } finally {
        if (corks) socket.uncork?.();
      }
    };
  });

  once(connectionProto, "coalesced-writes", () => {
    const writeFrame = connectionProto["_write_frame"] as Method;
    connectionProto["_write_frame"] = function (this: ConnectionThis, ...args: unknown[]) {
      if (!this.jmsTsBatchDepth || log.frames.enabled) return writeFrame.apply(this, args);
      const [channel, performative, payload] = args;
      let serialized: Serialized;
      try {
        serialized = { [SERIALIZED]: serialize(frames.amqp_frame(channel, performative, payload) as Frame) };
      } catch {
        // rhea's own path, so the failure surfaces where rhea reports write errors (output()).
        return writeFrame.apply(this, args);
      }
      this.amqp_transport.pending.push(serialized);
      this.jmsTsHeld = (this.jmsTsHeld ?? 0) + 1;
      return undefined;
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
 * A serializer giving a frame's header and performative in a buffer of their own (the size field counts the
 * payload too), then the payload as given: the same bytes as rhea's frames.write_frame, without its copies.
 */
export function frameSerializer(types: RheaModules["types"]): (frame: Frame) => Buffer[] {
  let scratch: Buffer = Buffer.allocUnsafe(4096);
  return (frame) => {
    const performative = frame.performative;
    if (performative instanceof LightTransfer && performative.plain)
      return serializeTransfer(frame, performative);
    const writer = new types.Writer(scratch);
    writer.write_uint(0, 4);
    writer.write_uint(DATA_OFFSET_WORDS, 1);
    writer.write_uint(frame.type, 1);
    writer.write_uint(frame.channel, 2);
    if (frame.performative) writer.write(frame.performative);
    if (writer.buffer !== scratch && writer.buffer.length <= SCRATCH_LIMIT) scratch = writer.buffer;
    const head = Buffer.from(writer.buffer.subarray(0, writer.position));
    const payload = frame.payload;
    head.writeUInt32BE(head.length + (payload?.length ?? 0), 0);
    return payload && payload.length > 0 ? [head, payload] : [head];
  };
}

/** A transfer from fast-transfer-write.ts: header and performative written straight into one small buffer. */
function serializeTransfer(frame: Frame, transfer: LightTransfer): Buffer[] {
  const room = Buffer.allocUnsafe(8 + transferSize(transfer));
  room[4] = DATA_OFFSET_WORDS;
  room[5] = frame.type;
  room.writeUInt16BE(frame.channel, 6);
  const head = room.subarray(0, writeTransfer(transfer, room, 8));
  const payload = frame.payload;
  head.writeUInt32BE(head.length + (payload?.length ?? 0), 0);
  return payload && payload.length > 0 ? [head, payload] : [head];
}

function isSerialized(entry: unknown): entry is Serialized {
  return typeof entry === "object" && entry !== null && SERIALIZED in entry;
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
