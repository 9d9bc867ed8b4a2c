// rhea builds each outgoing transfer as a composite (a setter per field wrapping the value in a typed object)
// and its writer then walks those objects generically. A sender writes one transfer per message, so the
// transfer gets a plain object instead, with a writer of its own used by the coalesced-writes serializer:
// the same bytes as rhea's (a test compares them), without the objects. Anything else that meets the object,
// rhea's own write path or its frame log, asks `described()` and gets rhea's composite, so rhea is unchanged.
import { once, requireFunction, type RheaModules } from "./rhea-internals";

interface TransferFields {
  handle: number;
  delivery_id?: number;
  delivery_tag?: Buffer;
  message_format?: number;
  settled?: boolean;
  more?: boolean;
}

type Composite = { value: unknown[]; described(): unknown };

/** Transfer fields in performative order [AMQP 2.7.5], as far as rhea's Outgoing.process sets them. */
const FIELD_ORDER = ["handle", "delivery_id", "delivery_tag", "message_format", "settled", "more"] as const;

/** An outgoing transfer as rhea's Outgoing.process makes it: the fields rhea was given, kept as given. */
export class LightTransfer {
  /** Fields on the wire: up to the last one given (given as undefined still counts: rhea writes null). */
  readonly count: number;
  /** Raw fields by position, as on rhea's composite; only transfer-state.ts writes one (the state, 7). */
  private extra: unknown[] | undefined;

  constructor(
    readonly fields: TransferFields,
    private readonly rheaTransfer: (fields: TransferFields) => Composite,
  ) {
    let count = FIELD_ORDER.length;
    while (count > 1 && !((FIELD_ORDER[count - 1] as string) in fields)) count--;
    this.count = count;
  }

  /** rhea's composite keeps its fields in `value`; positions written here are carried into `described()`. */
  get value(): unknown[] {
    return (this.extra ??= []);
  }

  /** Whether no field beyond rhea's usual six was set (else rhea's writer encodes it). */
  get plain(): boolean {
    return this.extra === undefined || this.extra.length === 0;
  }

  /** rhea's own encoding of this transfer, for rhea's writer and anything else that expects a composite. */
  described(): unknown {
    const composite = this.rheaTransfer(this.fields);
    this.extra?.forEach((field, index) => {
      if (field !== undefined) composite.value[index] = field;
    });
    return composite.described();
  }
}

const TRANSFER_DESCRIPTOR = [0x00, 0x53, 0x14];
const LIST32 = 0xd0;
const NULL = 0x40;

/**
 * Writes a plain transfer's performative into `out` at `at` as rhea's writer would (a list32 up to the last
 * field given, uint fields in their smallest form, null for undefined ones); returns the end. `out` must have room:
 * `transferSize` bytes.
 */
export function writeTransfer(transfer: LightTransfer, out: Buffer, at: number): number {
  const { fields, count } = transfer;
  out.set(TRANSFER_DESCRIPTOR, at);
  out[at + 3] = LIST32;
  const sizeAt = at + 4;
  out.writeUInt32BE(count, sizeAt + 4);
  let pos = writeUint(out, sizeAt + 8, fields.handle);
  if (count > 1) pos = writeUint(out, pos, fields.delivery_id);
  if (count > 2) pos = writeBinary(out, pos, fields.delivery_tag);
  if (count > 3) pos = writeUint(out, pos, fields.message_format);
  if (count > 4) out[pos++] = booleanCode(fields.settled);
  if (count > 5) out[pos++] = booleanCode(fields.more);
  out.writeUInt32BE(pos - sizeAt - 4, sizeAt);
  return pos;
}

/** The most bytes `writeTransfer` writes for this transfer. */
export function transferSize(transfer: LightTransfer): number {
  return 3 + 9 + 5 + 5 + 5 + (transfer.fields.delivery_tag?.length ?? 0) + 5 + 1 + 1;
}

function writeBinary(out: Buffer, pos: number, value: Buffer | undefined): number {
  if (value === undefined || value === null) {
    out[pos] = NULL;
    return pos + 1;
  }
  if (value.length > 255) {
    out[pos] = 0xb0;
    out.writeUInt32BE(value.length, pos + 1);
    pos += 5;
  } else {
    out[pos] = 0xa0;
    out[pos + 1] = value.length;
    pos += 2;
  }
  out.set(value, pos);
  return pos + value.length;
}

function writeUint(out: Buffer, pos: number, value: number | undefined): number {
  if (value === undefined || value === null) {
    out[pos] = NULL;
    return pos + 1;
  }
  if (value === 0) {
    out[pos] = 0x43;
    return pos + 1;
  }
  if (value <= 255) {
    out[pos] = 0x52;
    out[pos + 1] = value;
    return pos + 2;
  }
  out[pos] = 0x70;
  out.writeUInt32BE(value, pos + 1);
  return pos + 5;
}

function booleanCode(value: boolean | undefined): number {
  return value === undefined || value === null ? NULL : value ? 0x41 : 0x42;
}

export function patchFastTransferWrite({ frames }: RheaModules): void {
  requireFunction(frames, "transfer", "frames");
  once(frames, "fast-transfer-write", () => {
    const rheaTransfer = frames.transfer.bind(frames) as unknown as (fields: TransferFields) => Composite;
    frames.transfer = (fields: Record<string, unknown>) =>
      new LightTransfer(fields as unknown as TransferFields, rheaTransfer);
  });
}
