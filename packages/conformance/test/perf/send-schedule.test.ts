// The --rate schedule on a fake clock: when sends are due, catching up after a stall, and waiting.
import { describe, expect, it } from "vitest";
import { type ScheduleClock, SendSchedule } from "../../src/perf/send-schedule";

/** A clock that moves only when told, firing timers whose time has come, in order. */
class FakeClock implements ScheduleClock {
  private time = 1000;
  private timers: { at: number; fire: () => void }[] = [];

  now(): number {
    return this.time;
  }

  setTimer(fire: () => void, ms: number): () => void {
    const timer = { at: this.time + ms, fire };
    this.timers.push(timer);
    return () => (this.timers = this.timers.filter((t) => t !== timer));
  }

  get pending(): number {
    return this.timers.length;
  }

  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      const next = this.timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.time = next.at;
      next.fire();
    }
    this.time = until;
  }
}

/** Lets the promise callbacks queued by `next()` run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("SendSchedule", () => {
  it("makes send 0 due at the first call and send i due at start + i / rate", () => {
    const clock = new FakeClock();
    const schedule = new SendSchedule(100, clock); // one send every 10 ms
    expect(schedule.due()).toBe(1);
    schedule.take();
    expect(schedule.due()).toBe(0);
    expect(schedule.msUntilNext()).toBe(10);
    clock.advance(9);
    expect(schedule.due()).toBe(0);
    clock.advance(1);
    expect(schedule.due()).toBe(1);
    expect(schedule.msUntilNext()).toBe(0);
  });

  it("lets a producer that fell behind send what is due at once, and no more", () => {
    const clock = new FakeClock();
    const schedule = new SendSchedule(100, clock);
    schedule.due();
    schedule.take();
    clock.advance(55); // sends 1..5 are due (10, 20, ..., 50 ms)
    expect(schedule.due()).toBe(5);
    schedule.take(5);
    expect(schedule.due()).toBe(0);
    expect(schedule.msUntilNext()).toBe(5);
  });

  it("keeps due times exact at rates that are not whole milliseconds", () => {
    const clock = new FakeClock();
    const schedule = new SendSchedule(3, clock); // 333.33... ms apart
    schedule.due();
    clock.advance(1000);
    expect(schedule.due()).toBe(4); // sends 0..3, the last due at exactly 1000 ms
    schedule.take(4);
    expect(schedule.msUntilNext()).toBeCloseTo(1000 / 3, 6);
  });

  it("next() resolves at once while sends are due and waits on a timer for the next one", async () => {
    const clock = new FakeClock();
    const schedule = new SendSchedule(10, clock); // every 100 ms
    await schedule.next(); // send 0, due at once
    expect(clock.pending).toBe(0);
    let resolved = false;
    const second = schedule.next().then(() => (resolved = true));
    await settle();
    expect(resolved).toBe(false);
    expect(clock.pending).toBe(1);
    clock.advance(99);
    await settle();
    expect(resolved).toBe(false);
    clock.advance(1);
    await second;
    expect(schedule.due()).toBe(0);
    clock.advance(250); // behind by sends 2 and 3: both at once, then a wait for send 4
    await schedule.next();
    await schedule.next();
    expect(clock.pending).toBe(0);
    expect(schedule.msUntilNext()).toBe(50);
  });

  it("next() resolves without taking a send when its signal aborts", async () => {
    const clock = new FakeClock();
    const schedule = new SendSchedule(1, clock);
    await schedule.next();
    const stop = new AbortController();
    const waiting = schedule.next(stop.signal);
    await settle();
    stop.abort();
    await waiting;
    expect(clock.pending).toBe(0);
    expect(schedule.msUntilNext()).toBe(1000);
  });

  it("whenDue() fires once the next send is due", () => {
    const clock = new FakeClock();
    const schedule = new SendSchedule(50, clock); // every 20 ms
    schedule.due();
    schedule.take();
    let fired = 0;
    schedule.whenDue(() => fired++);
    clock.advance(19);
    expect(fired).toBe(0);
    clock.advance(1);
    expect(fired).toBe(1);
    const cancel = schedule.whenDue(() => fired++);
    cancel();
    clock.advance(100);
    expect(fired).toBe(1);
  });

  it("refuses a rate that is not a positive number", () => {
    expect(() => new SendSchedule(0)).toThrow(/a send rate must be a number > 0, got 0/);
    expect(() => new SendSchedule(Number.NaN)).toThrow(RangeError);
  });
});
