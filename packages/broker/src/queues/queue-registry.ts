import { Queue } from "./queue";

/** The broker's queues by name. */
export class QueueRegistry {
  private readonly queues = new Map<string, Queue>();

  get(name: string): Queue | undefined {
    return this.queues.get(name);
  }

  /** Returns the named queue, creating it first if it does not exist yet. */
  getOrCreate(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name);
      this.queues.set(name, queue);
    }
    return queue;
  }

  delete(name: string): void {
    this.queues.delete(name);
  }

  names(): string[] {
    return [...this.queues.keys()];
  }
}
