import type { RecoveredMessage } from "./message-store";
import type { RecordVisitor } from "./record-codec";

const NONE = -1;
const MANY = -2;

interface Membership {
  deliveries: number;
  sequence: number;
}

/**
 * What replaying the records leaves: which message is on which queue, with its delivery count. Built for a
 * million messages: one slot per durable message in parallel typed arrays (about 44 bytes each, no object
 * per message), found by binary search on the ids (which the journal holds in increasing order). A message
 * on one queue keeps that queue in its slot; only a message on several queues gets an overflow map.
 */
export class RecoveryIndex implements RecordVisitor {
  /** The highest message id any record named, -1 if none. */
  maxId = -1;
  private frameSegment = 0;
  private frameOffset = 0;
  private count = 0;
  private capacity = 1024;
  private ids = new Float64Array(this.capacity);
  private segments = new Uint32Array(this.capacity);
  private offsets = new Float64Array(this.capacity);
  private lengths = new Uint32Array(this.capacity);
  private queues = new Float64Array(this.capacity);
  private deliveries = new Uint32Array(this.capacity);
  private sequences = new Float64Array(this.capacity);
  private readonly overflow = new Map<number, Map<number, Membership>>();
  private nextSequence = 0;

  /** Where the frame whose records follow starts, so message refs can address their bytes. */
  frame(segment: number, payloadOffset: number): void {
    this.frameSegment = segment;
    this.frameOffset = payloadOffset;
  }

  message(id: number, transient: boolean, bytesOffset: number, length: number): void {
    const newest = this.count === 0 ? -1 : (this.ids[this.count - 1] as number);
    this.maxId = Math.max(this.maxId, id);
    if (transient || id <= newest) return; // transient: never recovered; an older id: not ours to trust
    if (this.count === this.capacity) this.grow();
    const slot = this.count++;
    this.ids[slot] = id;
    this.segments[slot] = this.frameSegment;
    this.offsets[slot] = this.frameOffset + bytesOffset;
    this.lengths[slot] = length;
    this.queues[slot] = NONE;
  }

  enqueue(queueId: number, id: number): void {
    this.maxId = Math.max(this.maxId, id);
    const slot = this.find(id);
    if (slot < 0) return; // its MESSAGE record was compacted away or was transient
    const sequence = this.nextSequence++;
    const current = this.queues[slot] as number;
    if (current === NONE) {
      this.queues[slot] = queueId;
      this.deliveries[slot] = 0;
      this.sequences[slot] = sequence;
    } else if (current !== queueId) {
      let members = this.overflow.get(slot);
      if (members === undefined) {
        members = new Map([
          [current, { deliveries: this.deliveries[slot] ?? 0, sequence: this.sequences[slot] ?? 0 }],
        ]);
        this.overflow.set(slot, members);
        this.queues[slot] = MANY;
      }
      if (!members.has(queueId)) members.set(queueId, { deliveries: 0, sequence });
    }
  }

  dequeue(queueId: number, id: number): void {
    const slot = this.find(id);
    if (slot < 0) return;
    if (this.queues[slot] === queueId) this.queues[slot] = NONE;
    const members = this.overflow.get(slot);
    if (members?.delete(queueId) && members.size === 0) {
      this.overflow.delete(slot);
      this.queues[slot] = NONE;
    }
  }

  delivered(queueId: number, id: number): void {
    const slot = this.find(id);
    if (slot < 0) return;
    if (this.queues[slot] === queueId) this.deliveries[slot] = (this.deliveries[slot] ?? 0) + 1;
    const member = this.overflow.get(slot)?.get(queueId);
    if (member !== undefined) member.deliveries++;
  }

  /** queueId → its surviving messages in enqueue order. */
  build(): Map<number, RecoveredMessage[]> {
    const lists = new Map<number, { messages: RecoveredMessage[]; sequences: number[] }>();
    const add = (queueId: number, slot: number, deliveries: number, sequence: number): void => {
      let list = lists.get(queueId);
      if (list === undefined) lists.set(queueId, (list = { messages: [], sequences: [] }));
      const ref = {
        id: this.ids[slot] as number,
        segment: this.segments[slot] as number,
        offset: this.offsets[slot] as number,
        length: this.lengths[slot] as number,
      };
      list.messages.push({ ref, deliveries });
      list.sequences.push(sequence);
    };
    for (let slot = 0; slot < this.count; slot++) {
      const queueId = this.queues[slot] as number;
      if (queueId >= 0) add(queueId, slot, this.deliveries[slot] ?? 0, this.sequences[slot] ?? 0);
      else if (queueId === MANY) {
        for (const [member, state] of this.overflow.get(slot) ?? [])
          add(member, slot, state.deliveries, state.sequence);
      }
    }
    const result = new Map<number, RecoveredMessage[]>();
    for (const [queueId, { messages, sequences }] of lists)
      result.set(queueId, inSequence(messages, sequences));
    return result;
  }

  private find(id: number): number {
    let low = 0;
    let high = this.count - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const candidate = this.ids[middle] as number;
      if (candidate === id) return middle;
      if (candidate < id) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  private grow(): void {
    this.capacity *= 2;
    const grown = <T extends Float64Array | Uint32Array>(array: T, make: (size: number) => T): T => {
      const next = make(this.capacity);
      next.set(array);
      return next;
    };
    this.ids = grown(this.ids, (size) => new Float64Array(size));
    this.segments = grown(this.segments, (size) => new Uint32Array(size));
    this.offsets = grown(this.offsets, (size) => new Float64Array(size));
    this.lengths = grown(this.lengths, (size) => new Uint32Array(size));
    this.queues = grown(this.queues, (size) => new Float64Array(size));
    this.deliveries = grown(this.deliveries, (size) => new Uint32Array(size));
    this.sequences = grown(this.sequences, (size) => new Float64Array(size));
  }
}

/** Messages enqueued late on a queue (moved there) take their enqueue position, not their id's. */
function inSequence(messages: RecoveredMessage[], sequences: number[]): RecoveredMessage[] {
  if (sequences.every((sequence, index) => index === 0 || (sequences[index - 1] as number) < sequence)) {
    return messages;
  }
  const order = messages
    .map((_, index) => index)
    .sort((a, b) => (sequences[a] as number) - (sequences[b] as number));
  return order.map((index) => messages[index] as RecoveredMessage);
}
