/** A timer that can be cancelled. */
export interface Timer {
  cancel(): void;
}

/** Time and timers, injected so queue logic (expiry, delayed delivery, rates) is testable without waiting. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `callback` after `delayMs`; the timer never keeps the process alive. */
  setTimer(callback: () => void, delayMs: number): Timer;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(callback, delayMs) {
    const handle = setTimeout(callback, Math.max(0, delayMs));
    handle.unref();
    return { cancel: () => clearTimeout(handle) };
  },
};
