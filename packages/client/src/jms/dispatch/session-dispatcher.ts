import { AsyncLocalStorage } from "node:async_hooks";

/** A consumer with a MessageListener, as the session's dispatcher sees it. */
export interface ListenerConsumer {
  /** The session-wide arrival number of the next message its listener may get now, or undefined. */
  readySequence(): number | undefined;
  /**
   * Hands that message to the listener; undefined when the listener finished synchronously, else a promise
   * that resolves once the listener's promise settled.
   */
  dispatchNext(): Promise<void> | undefined;
}

/** Which listener call the current async context belongs to (AsyncLocalStorage follows awaits). */
interface ListenerCall {
  readonly dispatcher: SessionDispatcher;
  readonly consumer: ListenerConsumer;
  running: boolean;
}

const listenerScope = new AsyncLocalStorage<ListenerCall>();

/**
 * The synchronous listener call running now, when it runs untracked (see runListener). Node 20's
 * AsyncLocalStorage installs promise hooks for the whole process on its first run(), which cost every
 * promise afterwards about 7 % of a busy consumer's throughput; a listener that is not an async function
 * is therefore tracked by this variable alone while it runs.
 */
let untrackedCall: ListenerCall | undefined;

/** Messages in a row before the loop lets I/O and timers run (a synchronous listener never yields). */
const YIELD_EVERY = 64;

/**
 * Serial listener delivery for one session [JMS 2.0 4.4.14, 6.2.1]: one listener runs at a time, and the
 * next message, for any consumer of the session, waits for the running listener's promise. Messages go
 * out in the order they arrived across the session's consumers (recovered ones first: they arrived first).
 */
export class SessionDispatcher {
  private readonly consumers = new Set<ListenerConsumer>();
  private sequence = 0;
  private loop: Promise<void> | undefined;
  private current: { consumer: ListenerConsumer; done: Promise<void> } | undefined;
  private closed = false;

  /** A number for an arriving message: smaller arrived earlier. */
  nextSequence(): number {
    return ++this.sequence;
  }

  add(consumer: ListenerConsumer): void {
    this.consumers.add(consumer);
    this.schedule();
  }

  remove(consumer: ListenerConsumer): void {
    this.consumers.delete(consumer);
  }

  /** Something may be ready to dispatch: a message arrived, a listener was set, delivery restarted. */
  schedule(): void {
    if (this.loop || this.closed || !this.pick()) return;
    this.loop = this.run().finally(() => {
      this.loop = undefined;
      this.schedule();
    });
  }

  /** Resolves once no listener runs (the loop stops by itself once nothing is ready, e.g. when stopped). */
  whenIdle(): Promise<void> {
    return this.loop ?? Promise.resolve();
  }

  /** Resolves once `consumer`'s listener is not running. */
  whenConsumerIdle(consumer: ListenerConsumer): Promise<void> {
    return this.current?.consumer === consumer ? this.current.done : Promise.resolve();
  }

  /** No more dispatching; resolves when the running listener is done. */
  close(): Promise<void> {
    this.closed = true;
    return this.whenIdle();
  }

  /** True when called (directly or after awaits) from a listener this dispatcher is running. */
  isInsideListener(consumer?: ListenerConsumer): boolean {
    const call = untrackedCall ?? listenerScope.getStore();
    if (!call?.running || call.dispatcher !== this) return false;
    return consumer === undefined || call.consumer === consumer;
  }

  /**
   * Runs `listener` so that `isInsideListener` can tell. A listener that returns no promise is done when it
   * returns (undefined here; a throw propagates); otherwise the scope ends when its promise settles. Most
   * listeners are synchronous, and sparing them the promises is what lets a busy session keep up.
   * `acrossAwaits`: the scope must follow the listener's awaits (an async listener), which takes
   * AsyncLocalStorage; otherwise it covers the synchronous call only.
   */
  runListener(
    consumer: ListenerConsumer,
    listener: () => unknown,
    acrossAwaits = true,
  ): Promise<void> | undefined {
    const call: ListenerCall = { dispatcher: this, consumer, running: true };
    let result: unknown;
    const outer = untrackedCall;
    try {
      if (acrossAwaits) result = listenerScope.run(call, listener);
      else {
        untrackedCall = call;
        result = listener();
      }
    } catch (error) {
      call.running = false;
      throw error;
    } finally {
      untrackedCall = outer;
    }
    if (!isThenable(result)) {
      call.running = false;
      return undefined;
    }
    return Promise.resolve(result).then(
      () => {
        call.running = false;
      },
      (error: unknown) => {
        call.running = false;
        throw error;
      },
    );
  }

  private async run(): Promise<void> {
    // Never inside the caller's stack: a message arriving, or setMessageListener, returns first.
    await Promise.resolve();
    let inARow = 0;
    for (let next = this.pick(); next && !this.closed; next = this.pick()) {
      const done = next.dispatchNext();
      if (done) {
        this.current = { consumer: next, done };
        await done;
        this.current = undefined;
      }
      if (++inARow % YIELD_EVERY === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  private pick(): ListenerConsumer | undefined {
    let best: ListenerConsumer | undefined;
    let bestSequence = Infinity;
    for (const consumer of this.consumers) {
      const sequence = consumer.readySequence();
      if (sequence !== undefined && sequence < bestSequence) {
        best = consumer;
        bestSequence = sequence;
      }
    }
    return best;
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}
