import { Transaction } from "./transaction";

/**
 * The live transactions of one connection [AMQP 4.3]: allocates their ids (8 bytes, unique within the
 * broker process) and finds them again by id. A discharged transaction leaves the registry, so a
 * second discharge of the same id finds nothing.
 */
export class TransactionRegistry {
  private static nextId = 1n;
  private readonly live = new Map<string, Transaction>();

  /** Starts a transaction for `owner` (its coordinator link). */
  declare(owner: object): Transaction {
    const id = Buffer.alloc(8);
    id.writeBigUInt64BE(TransactionRegistry.nextId++);
    const transaction = new Transaction(id, owner);
    this.live.set(id.toString("hex"), transaction);
    return transaction;
  }

  /** The live transaction with this id, or undefined. */
  get(id: Buffer): Transaction | undefined {
    return this.live.get(id.toString("hex"));
  }

  /** Removes a transaction being discharged; undefined when the id names no live transaction. */
  take(id: Buffer): Transaction | undefined {
    const transaction = this.get(id);
    this.live.delete(id.toString("hex"));
    return transaction;
  }

  /** Rolls back every live transaction of `owner`, or of everyone when no owner is given. */
  rollbackAll(owner?: object): void {
    for (const [key, transaction] of this.live) {
      if (owner !== undefined && transaction.owner !== owner) continue;
      this.live.delete(key);
      transaction.rollback();
    }
  }

  get size(): number {
    return this.live.size;
  }
}
