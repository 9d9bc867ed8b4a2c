import type { StoredMessageRef } from "./message-store";
import type { RecordWriter } from "./record-writer";

/**
 * The record operations of a MessageStore, which every backend hands to its RecordWriter once open; the
 * backends differ only in where the frames go and how they are read back.
 */
export abstract class RecordWriterStore {
  protected writer: RecordWriter | undefined;

  /** The writer while the store is open. @throws StoreError naming the store otherwise. */
  protected abstract open$(): RecordWriter;

  addMessage(bytes: Buffer, transient: boolean): StoredMessageRef {
    return this.open$().addMessage(bytes, transient);
  }

  enqueue(queueId: number, ref: StoredMessageRef): void {
    this.open$().enqueue(queueId, ref);
  }

  dequeue(queueId: number, ref: StoredMessageRef): void {
    this.open$().dequeue(queueId, ref);
  }

  delivered(queueId: number, ref: StoredMessageRef): void {
    this.open$().delivered(queueId, ref);
  }

  atomically<T>(work: () => T): T {
    return this.open$().atomically(work);
  }

  read(ref: StoredMessageRef): Promise<Buffer> {
    return this.open$().read(ref);
  }
}
