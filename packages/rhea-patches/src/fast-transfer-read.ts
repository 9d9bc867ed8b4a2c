// rhea decodes every frame's performative into generic typed values, wraps the list in a composite object
// and unwraps each field again on every property read. A transfer is the frame a busy link receives most, so
// it gets a reader of its own: the fields are read straight from the bytes into a plain object with rhea's
// field names and values (uint and ubyte as numbers, booleans, the delivery tag as a Buffer view, absent
// fields undefined and null fields null, as rhea's getters give them). A transfer carrying a delivery state,
// an unexpected encoding or malformed bytes takes rhea's path, which reads it or reports the error as before.
import { once, requireFunction, type RheaModules } from "./rhea-internals";

/** Format codes [AMQP 1.6] a transfer's fields use. */
const Code = {
  described: 0x00,
  null: 0x40,
  true: 0x41,
  false: 0x42,
  boolean: 0x56,
  uint0: 0x43,
  smalluint: 0x52,
  uint: 0x70,
  ubyte: 0x50,
  smallulong: 0x53,
  vbin8: 0xa0,
  vbin32: 0xb0,
  list0: 0x45,
  list8: 0xc0,
  list32: 0xd0,
} as const;

/** The transfer performative's descriptor code [AMQP 2.7.5]. */
const TRANSFER = 0x14;
const AMQP_FRAME = 0;

/** What rhea's frame handler sees: frame.performative.dispatch(handler, frame) calls handler.on_transfer. */
class FastTransfer {
  handle: number | null | undefined;
  delivery_id: number | null | undefined;
  delivery_tag: Buffer | null | undefined;
  message_format: number | null | undefined;
  settled: boolean | null | undefined;
  more: boolean | null | undefined;
  rcv_settle_mode: number | null | undefined;
  state: null | undefined;
  resume: boolean | null | undefined;
  aborted: boolean | null | undefined;
  batchable: boolean | null | undefined;

  dispatch(target: { on_transfer(frame: unknown): void }, frame: unknown): void {
    target.on_transfer(frame);
  }
}

interface ParsedFrame {
  size: number;
  type: number;
  channel: number;
  performative: FastTransfer;
  payload?: Buffer;
}

/** Thrown inside the reader when the bytes are not a plain transfer; the caller falls back to rhea. */
const NOT_PLAIN = new Error("not a plain transfer");

class TransferReader {
  pos: number;
  constructor(
    private readonly buf: Buffer,
    start: number,
    private end: number,
  ) {
    this.pos = start;
  }

  byte(): number {
    if (this.pos >= this.end) throw NOT_PLAIN;
    return this.buf[this.pos++] as number;
  }

  uint32(): number {
    if (this.pos + 4 > this.end) throw NOT_PLAIN;
    const value = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return value;
  }

  /** Whether the reads ended exactly at the list's declared end. */
  atLimit(): boolean {
    return this.pos === this.end;
  }

  /** Confines reads to the list's declared size. */
  limit(size: number): void {
    if (this.pos + size > this.end) throw NOT_PLAIN;
    this.end = this.pos + size;
  }

  uint(): number | null {
    const code = this.byte();
    if (code === Code.uint0) return 0;
    if (code === Code.smalluint) return this.byte();
    if (code === Code.uint) return this.uint32();
    if (code === Code.null) return null;
    throw NOT_PLAIN;
  }

  ubyte(): number | null {
    const code = this.byte();
    if (code === Code.ubyte) return this.byte();
    if (code === Code.null) return null;
    throw NOT_PLAIN;
  }

  boolean(): boolean | null {
    const code = this.byte();
    if (code === Code.true) return true;
    if (code === Code.false) return false;
    if (code === Code.null) return null;
    if (code === Code.boolean) return this.byte() !== 0;
    throw NOT_PLAIN;
  }

  binary(): Buffer | null {
    const code = this.byte();
    if (code === Code.null) return null;
    if (code !== Code.vbin8 && code !== Code.vbin32) throw NOT_PLAIN;
    const size = code === Code.vbin8 ? this.byte() : this.uint32();
    if (this.pos + size > this.end) throw NOT_PLAIN;
    const view = this.buf.subarray(this.pos, this.pos + size);
    this.pos += size;
    return view;
  }

  /** Only an absent (null) state is read here: a described delivery state is rhea's to build. */
  nullState(): null {
    if (this.byte() !== Code.null) throw NOT_PLAIN;
    return null;
  }
}

/**
 * Reads an AMQP frame holding a transfer whose state is absent; undefined for any other frame or encoding.
 * The frame starts at offset 0 of `buffer` and fills it (Transport.read hands rhea exactly one frame).
 */
export function readPlainTransfer(buffer: Buffer): ParsedFrame | undefined {
  if (buffer.length < 11) return undefined;
  const doff = buffer[4] as number;
  const type = buffer[5] as number;
  const start = doff * 4;
  if (type !== AMQP_FRAME || doff < 2 || start + 3 > buffer.length) return undefined;
  if (buffer[start] !== Code.described || buffer[start + 1] !== Code.smallulong) return undefined;
  if (buffer[start + 2] !== TRANSFER) return undefined;
  const r = new TransferReader(buffer, start + 3, buffer.length);
  const t = new FastTransfer();
  try {
    const listCode = r.byte();
    let count: number;
    if (listCode === Code.list0) count = 0;
    else if (listCode === Code.list8) {
      r.limit(r.byte());
      count = r.byte();
    } else if (listCode === Code.list32) {
      r.limit(r.uint32());
      count = r.uint32();
    } else return undefined;
    if (count > 11) return undefined;
    if (count > 0) t.handle = r.uint();
    if (count > 1) t.delivery_id = r.uint();
    if (count > 2) t.delivery_tag = r.binary();
    if (count > 3) t.message_format = r.uint();
    if (count > 4) t.settled = r.boolean();
    if (count > 5) t.more = r.boolean();
    if (count > 6) t.rcv_settle_mode = r.ubyte();
    if (count > 7) t.state = r.nullState();
    if (count > 8) t.resume = r.boolean();
    if (count > 9) t.aborted = r.boolean();
    if (count > 10) t.batchable = r.boolean();
    if (listCode !== Code.list0 && !r.atLimit()) return undefined;
  } catch (error) {
    if (error === NOT_PLAIN) return undefined;
    throw error;
  }
  const frame: ParsedFrame = {
    size: buffer.readUInt32BE(0),
    type,
    channel: buffer.readUInt16BE(6),
    performative: t,
  };
  if (r.pos < buffer.length) frame.payload = buffer.subarray(r.pos);
  return frame;
}

export function patchFastTransferRead({ frames }: RheaModules): void {
  requireFunction(frames, "read_frame", "frames");
  once(frames, "fast-transfer-read", () => {
    const readFrame = frames.read_frame.bind(frames);
    frames.read_frame = (buffer: Buffer) => readPlainTransfer(buffer) ?? readFrame(buffer);
  });
}
