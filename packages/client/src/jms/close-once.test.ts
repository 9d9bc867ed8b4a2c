import { describe, expect, test } from "vitest";
import { IllegalStateException } from "../errors/exceptions";
import { CloseOnce } from "./close-once";

describe("CloseOnce", () => {
  test("concurrent closes share one run of the work", async () => {
    const closer = new CloseOnce("session");
    let runs = 0;
    const work = () => Promise.resolve(void runs++);
    await Promise.all([closer.run(work), closer.run(work)]);
    expect(runs).toBe(1);
  });

  test("[JMS 2.0 6.1.8] a call after close() says it was closed by the application", async () => {
    const closer = new CloseOnce("session");
    expect(() => closer.check()).not.toThrow();
    await closer.run(() => Promise.resolve());
    expect(() => closer.check("create a producer")).toThrow(
      /^cannot create a producer: the session is closed \(close\(\) was called/,
    );
    expect(closer.closedError()).toBeInstanceOf(IllegalStateException);
  });

  test("a close from outside keeps its reason and cause; the first reason wins", () => {
    const closer = new CloseOnce("message consumer");
    const cause = new Error("amqp:resource-deleted: queue q was deleted");
    closer.markClosed("the broker closed it: queue q was deleted", cause);
    closer.markClosed("the connection failed");
    const error = closer.closedError();
    expect(error.message).toBe("the message consumer is closed (the broker closed it: queue q was deleted)");
    expect(error.cause).toBe(cause);
  });
});
