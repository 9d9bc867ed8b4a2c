import { describe, expect, it } from "vitest";
import { type ListenerConsumer, SessionDispatcher } from "./session-dispatcher";

/** A consumer whose ready messages carry the given sequence numbers; dispatching records the order. */
class FakeConsumer implements ListenerConsumer {
  constructor(
    readonly name: string,
    readonly ready: number[],
    readonly log: string[],
    readonly dispatcher: SessionDispatcher,
    readonly onDispatch: () => Promise<void> = () => Promise.resolve(),
  ) {}
  readySequence(): number | undefined {
    return this.ready[0];
  }
  async dispatchNext(): Promise<void> {
    const sequence = this.ready.shift();
    await this.dispatcher.runListener(this, async () => {
      this.log.push(`${this.name}${sequence}:${String(this.dispatcher.isInsideListener(this))}`);
      await this.onDispatch();
    });
  }
}

describe("[JMS 2.0 6.2.1] SessionDispatcher", () => {
  it("serves the oldest ready message across consumers, one at a time", async () => {
    const dispatcher = new SessionDispatcher();
    const log: string[] = [];
    dispatcher.add(new FakeConsumer("a", [1, 4], log, dispatcher));
    dispatcher.add(new FakeConsumer("b", [2, 3], log, dispatcher));
    await new Promise<void>((resolve) => setImmediate(resolve));
    await dispatcher.whenIdle();
    expect(log).toEqual(["a1:true", "b2:true", "b3:true", "a4:true"]);
  });

  it("isInsideListener is true only within the running listener call, across its awaits", async () => {
    const dispatcher = new SessionDispatcher();
    const log: string[] = [];
    let during: boolean | undefined;
    let other: boolean | undefined;
    const consumer = new FakeConsumer("a", [1], log, dispatcher, async () => {
      await Promise.resolve();
      during = dispatcher.isInsideListener();
      other = new SessionDispatcher().isInsideListener();
    });
    dispatcher.add(consumer);
    await new Promise<void>((resolve) => setImmediate(resolve));
    await dispatcher.whenIdle();
    expect(during).toBe(true);
    expect(other).toBe(false);
    expect(dispatcher.isInsideListener()).toBe(false);
  });

  it("runs a synchronous listener to completion without a promise, inside the listener scope", () => {
    const dispatcher = new SessionDispatcher();
    const consumer = new FakeConsumer("a", [], [], dispatcher);
    let during: boolean | undefined;
    const result = dispatcher.runListener(consumer, () => {
      during = dispatcher.isInsideListener(consumer);
    });
    expect(result).toBeUndefined();
    expect(during).toBe(true);
    expect(dispatcher.isInsideListener()).toBe(false);
    expect(() =>
      dispatcher.runListener(consumer, () => {
        throw new Error("listener failed");
      }),
    ).toThrow("listener failed");
    expect(dispatcher.isInsideListener()).toBe(false);
  });

  it("an untracked call (a listener that is not an async function) is inside the scope while it runs only", async () => {
    const dispatcher = new SessionDispatcher();
    const consumer = new FakeConsumer("a", [], [], dispatcher);
    let during: boolean | undefined;
    let otherDuring: boolean | undefined;
    let afterAwait: boolean | undefined;
    const result = dispatcher.runListener(
      consumer,
      () => {
        during = dispatcher.isInsideListener(consumer);
        otherDuring = new SessionDispatcher().isInsideListener();
        return Promise.resolve().then(() => (afterAwait = dispatcher.isInsideListener()));
      },
      false,
    );
    expect(during).toBe(true);
    expect(otherDuring).toBe(false);
    expect(dispatcher.isInsideListener()).toBe(false);
    await result;
    // Not followed across the await: which is why a listener that returned a promise is tracked from then on.
    expect(afterAwait).toBe(false);
    expect(() =>
      dispatcher.runListener(
        consumer,
        () => {
          throw new Error("listener failed");
        },
        false,
      ),
    ).toThrow("listener failed");
    expect(dispatcher.isInsideListener()).toBe(false);
  });

  it("whenConsumerIdle waits for that consumer's running listener; close stops further dispatch", async () => {
    const dispatcher = new SessionDispatcher();
    const log: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const consumer = new FakeConsumer("a", [1, 2], log, dispatcher, () => held);
    dispatcher.add(consumer);
    await new Promise<void>((resolve) => setImmediate(resolve));
    let idle = false;
    const waiting = dispatcher.whenConsumerIdle(consumer).then(() => (idle = true));
    const closing = dispatcher.close();
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(idle).toBe(false);
    release();
    await Promise.all([waiting, closing]);
    expect(log).toEqual(["a1:true"]);
  });
});
