import type { PerfCounters } from "./perf-counters";

const format = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/**
 * Writes a progress line every `everyMs` while a run goes on (sent and received so far, and the rates over
 * the last period); returns the function that stops it. The timer never keeps Node alive.
 */
export function startProgress(
  counters: PerfCounters,
  write: (line: string) => void,
  everyMs = 1000,
): () => void {
  const startedAt = Date.now();
  let lastAt = startedAt;
  let lastSent = counters.sent;
  let lastReceived = counters.received;
  const timer = setInterval(() => {
    const now = Date.now();
    const period = Math.max(now - lastAt, 1) / 1000;
    const sendRate = (counters.sent - lastSent) / period;
    const receiveRate = (counters.received - lastReceived) / period;
    write(
      `jms-perf: ${((now - startedAt) / 1000).toFixed(1)} s  sent ${format.format(counters.sent)} ` +
        `(${format.format(sendRate)} msg/s)  received ${format.format(counters.received)} ` +
        `(${format.format(receiveRate)} msg/s)`,
    );
    lastAt = now;
    lastSent = counters.sent;
    lastReceived = counters.received;
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
