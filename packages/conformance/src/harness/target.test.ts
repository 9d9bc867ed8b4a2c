import { afterEach, describe, expect, it, vi } from "vitest";
import { boundRestart, type RunningTarget } from "./target";

/** A running target whose restart moves it to the next port, or never finishes when `hang`. */
function movingTarget(hang = false): RunningTarget & { restarts: number } {
  let port = 1000;
  const target = {
    restarts: 0,
    get url() {
      return `amqp://127.0.0.1:${port}`;
    },
    username: "guest",
    stop: () => Promise.resolve(),
    restart: () => {
      target.restarts++;
      if (hang) return new Promise<void>(() => undefined);
      port++;
      return Promise.resolve();
    },
  };
  return target;
}

describe("boundRestart", () => {
  afterEach(() => void vi.useRealTimers());

  it("returns a target without restart unchanged", () => {
    const running: RunningTarget = { url: "amqp://127.0.0.1:1", stop: () => Promise.resolve() };
    expect(boundRestart(running, 1_000)).toBe(running);
  });

  it("restarts through the target and reads its url afresh after a restart moved it", async () => {
    const inner = movingTarget();
    const bound = boundRestart(inner, 1_000);
    expect(bound.url).toBe("amqp://127.0.0.1:1000");
    expect(bound.username).toBe("guest");
    expect(bound.password).toBeUndefined();
    await bound.restart?.(() => undefined);
    expect(inner.restarts).toBe(1);
    expect(bound.url).toBe("amqp://127.0.0.1:1001");
  });

  it("rejects with one line when the restart takes longer than the start timeout", async () => {
    vi.useFakeTimers();
    const bound = boundRestart(movingTarget(true), 5_000);
    const restarting = bound.restart?.(() => undefined);
    const outcome = expect(restarting).rejects.toThrow("the broker did not restart within 5 s");
    await vi.advanceTimersByTimeAsync(5_000);
    await outcome;
  });
});
