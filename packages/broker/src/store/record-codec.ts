/**
 * Records of the message store, packed into journal frame payloads (format version 1, little-endian).
 * One frame holds one or more records back to back; everything written by one `atomically` call is one
 * frame, so recovery applies it whole or not at all. Ids are u64 (written as two u32, low word first);
 * queue ids are u32; `segment` is the journal segment that holds the message's MESSAGE record.
 *
 *   MESSAGE   type u8 = 1, flags u8 (bit 0: transient), id u64, length u32, bytes[length]   (14 + length)
 *   ENQUEUE   type u8 = 2, queueId u32, id u64, segment u32                                  (17)
 *   DEQUEUE   type u8 = 3, queueId u32, id u64, segment u32                                  (17)
 *   DELIVERED type u8 = 4, queueId u32, id u64                                               (13)
 *
 * A transient message (written only to free memory) has a MESSAGE record and nothing else: recovery
 * ignores it, and its enqueue, dequeue and deliveries live only in memory.
 */
export const RecordType = { message: 1, enqueue: 2, dequeue: 3, delivered: 4 } as const;

export const MESSAGE_HEADER_BYTES = 14;
const QUEUE_RECORD_BYTES = 17;
const DELIVERED_BYTES = 13;
const TWO_32 = 2 ** 32;

/** What a decoded payload contains, one call per record in order. */
export interface RecordVisitor {
  message(id: number, transient: boolean, bytesOffset: number, length: number): void;
  enqueue(queueId: number, id: number, segment: number): void;
  dequeue(queueId: number, id: number, segment: number): void;
  delivered(queueId: number, id: number): void;
}

export function encodeMessageHeader(id: number, transient: boolean, length: number): Buffer {
  const header = Buffer.allocUnsafe(MESSAGE_HEADER_BYTES);
  header.writeUInt8(RecordType.message, 0);
  header.writeUInt8(transient ? 1 : 0, 1);
  writeId(header, 2, id);
  header.writeUInt32LE(length, 10);
  return header;
}

export function encodeQueueRecord(
  type: typeof RecordType.enqueue | typeof RecordType.dequeue,
  queueId: number,
  id: number,
  segment: number,
): Buffer {
  const record = Buffer.allocUnsafe(QUEUE_RECORD_BYTES);
  record.writeUInt8(type, 0);
  record.writeUInt32LE(checkQueueId(queueId), 1);
  writeId(record, 5, id);
  record.writeUInt32LE(segment, 13);
  return record;
}

export function encodeDelivered(queueId: number, id: number): Buffer {
  const record = Buffer.allocUnsafe(DELIVERED_BYTES);
  record.writeUInt8(RecordType.delivered, 0);
  record.writeUInt32LE(checkQueueId(queueId), 1);
  writeId(record, 5, id);
  return record;
}

/**
 * Hands each record of `payload` to `visitor`. Returns undefined, or why the rest of the payload could not
 * be decoded (the frame's CRC was good, so this means a writer bug or a newer format, never a torn write).
 */
export function decodeRecords(payload: Buffer, visitor: RecordVisitor): string | undefined {
  let at = 0;
  while (at < payload.length) {
    const type = payload.readUInt8(at);
    const size = recordSize(payload, at, type);
    if (size === undefined) return `unknown record type ${type}`;
    if (at + size > payload.length) return `record of type ${type} cut short`;
    switch (type) {
      case RecordType.message:
        visitor.message(readId(payload, at + 2), (payload.readUInt8(at + 1) & 1) === 1, at + 14, size - 14);
        break;
      case RecordType.enqueue:
      case RecordType.dequeue: {
        const queueId = payload.readUInt32LE(at + 1);
        const id = readId(payload, at + 5);
        const segment = payload.readUInt32LE(at + 13);
        if (type === RecordType.enqueue) visitor.enqueue(queueId, id, segment);
        else visitor.dequeue(queueId, id, segment);
        break;
      }
      default:
        visitor.delivered(payload.readUInt32LE(at + 1), readId(payload, at + 5));
    }
    at += size;
  }
  return undefined;
}

function recordSize(payload: Buffer, at: number, type: number): number | undefined {
  switch (type) {
    case RecordType.message:
      return at + MESSAGE_HEADER_BYTES <= payload.length
        ? MESSAGE_HEADER_BYTES + payload.readUInt32LE(at + 10)
        : MESSAGE_HEADER_BYTES;
    case RecordType.enqueue:
    case RecordType.dequeue:
      return QUEUE_RECORD_BYTES;
    case RecordType.delivered:
      return DELIVERED_BYTES;
    default:
      return undefined;
  }
}

function writeId(buffer: Buffer, offset: number, id: number): void {
  buffer.writeUInt32LE(id % TWO_32, offset);
  buffer.writeUInt32LE(Math.floor(id / TWO_32), offset + 4);
}

function readId(buffer: Buffer, offset: number): number {
  return buffer.readUInt32LE(offset) + buffer.readUInt32LE(offset + 4) * TWO_32;
}

function checkQueueId(queueId: number): number {
  if (!Number.isInteger(queueId) || queueId < 0 || queueId >= TWO_32) {
    throw new RangeError(`queue id ${queueId} cannot be stored: queue ids must be integers from 0 to 2^32-1`);
  }
  return queueId;
}
