package dev.jmsts.conformance;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * When the producers of a {@code perf} run may send, as jms-perf paces its other clients: with a rate, each
 * producer takes its share (rate / producers) and its send i is due at start + i / share. A producer that
 * falls behind sends its overdue messages at once but never one before it is due, so it catches up without
 * running ahead. Sending ends for all when the duration is up or {@link #stop} is called.
 */
final class PerfSchedule {
  /** The longest single park while waiting for a turn, so a stop is seen promptly. */
  private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /** Set by {@link #start} before the producers' threads start (which publishes it to them). */
  private long startNanos;
  /** Nanoseconds between one producer's sends; 0 without a rate. */
  private final double intervalNanos;
  /** How long sending lasts; Long.MAX_VALUE in a count run. */
  private final long durationNanos;
  private volatile boolean stopped;

  PerfSchedule(PerfWorkload workload) {
    this.intervalNanos = workload.rate() > 0 ? 1e9 * workload.producers() / workload.rate() : 0;
    this.durationNanos =
        workload.durationMs() < 0
            ? Long.MAX_VALUE
            : TimeUnit.MILLISECONDS.toNanos(workload.durationMs());
  }

  /** Sending starts now: call before starting the producers' threads. */
  void start() {
    startNanos = System.nanoTime();
  }

  /** Ends sending: every waiting or later {@link #awaitTurn} returns false. */
  void stop() {
    stopped = true;
  }

  /** Waits until a producer's send {@code index} (0-based) is due; false when sending has ended instead. */
  boolean awaitTurn(long index) {
    if (intervalNanos > 0) {
      long due = startNanos + (long) (index * intervalNanos);
      for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
        if (!running()) return false;
        LockSupport.parkNanos(Math.min(wait, MAX_PARK_NANOS));
      }
    }
    return running();
  }

  private boolean running() {
    return !stopped && System.nanoTime() - startNanos < durationNanos;
  }
}
