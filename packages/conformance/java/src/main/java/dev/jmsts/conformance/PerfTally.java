package dev.jmsts.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a {@code perf} run has done so far, shared by its producer, consumer and completion threads: counts,
 * the first and last send and receive times (epoch ms) and a histogram of latencies in whole ms (receive
 * time minus the message's SendTime), exact enough for the same nearest-rank percentiles jms-perf computes
 * for the other clients.
 */
final class PerfTally {
  /** Latencies below this many ms are counted in an array; rarer ones (or negative, after a clock step) in a map. */
  private static final int DENSE_MS = 1 << 20;

  private long sent;
  private long settled;
  private long received;
  private long firstSendMs = -1;
  private long lastSendMs = -1;
  private long firstReceiveMs = -1;
  private long lastReceiveMs = -1;
  private long[] dense = new long[1024];
  private final TreeMap<Long, Long> sparse = new TreeMap<>();
  private boolean sendingDone;
  private volatile Throwable failure;

  /** A message is about to be sent; returns its send time for the SendTime property. */
  synchronized long noteSend() {
    long at = System.currentTimeMillis();
    if (firstSendMs < 0) firstSendMs = at;
    lastSendMs = at;
    sent++;
    return at;
  }

  /** The broker accepted a send. */
  synchronized void noteSettled() {
    settled++;
  }

  /** A consumer got a message sent at {@code sendTimeMs} (-1 when it carried none). */
  synchronized void noteReceive(long sendTimeMs) {
    long at = System.currentTimeMillis();
    if (firstReceiveMs < 0) firstReceiveMs = at;
    lastReceiveMs = at;
    received++;
    if (sendTimeMs >= 0) count(at - sendTimeMs);
    // Wake the progress reporter at once when the last message is in, so the run ends without a wait.
    if (sendingDone && received == sent) notifyAll();
  }

  /** Every producer has finished; {@link #sent} is final. */
  synchronized void noteSendingDone() {
    sendingDone = true;
    notifyAll();
  }

  /** Records the run's first failure and wakes every wait. */
  synchronized void fail(Throwable error) {
    if (failure == null) failure = error;
    notifyAll();
  }

  /** The first failure, or null; read without the lock by every send. */
  Throwable failure() {
    return failure;
  }

  /** Waits up to {@code ms}, or less when the last message arrives or the run fails. */
  synchronized void pause(long ms) throws InterruptedException {
    wait(ms);
  }

  /** Counts and times as the TypeScript side reads them ({@code null} for a time not yet seen). */
  synchronized Map<String, Object> counts() {
    Map<String, Object> out = Json.object();
    out.put("sent", sent);
    out.put("settled", settled);
    out.put("received", received);
    out.put("firstSendMs", firstSendMs < 0 ? null : firstSendMs);
    out.put("lastSendMs", lastSendMs < 0 ? null : lastSendMs);
    out.put("firstReceiveMs", firstReceiveMs < 0 ? null : firstReceiveMs);
    out.put("lastReceiveMs", lastReceiveMs < 0 ? null : lastReceiveMs);
    return out;
  }

  /** The latencies as {@code [ms, how many]} pairs in ascending order of ms. */
  synchronized List<List<Long>> latencies() {
    List<List<Long>> out = new ArrayList<>();
    sparse.headMap(0L).forEach((ms, n) -> out.add(List.of(ms, n)));
    for (int ms = 0; ms < dense.length; ms++) if (dense[ms] > 0) out.add(List.of((long) ms, dense[ms]));
    sparse.tailMap((long) DENSE_MS).forEach((ms, n) -> out.add(List.of(ms, n)));
    return out;
  }

  private void count(long latencyMs) {
    if (latencyMs < 0 || latencyMs >= DENSE_MS) {
      sparse.merge(latencyMs, 1L, Long::sum);
      return;
    }
    int ms = (int) latencyMs;
    if (ms >= dense.length) {
      long[] grown = new long[Math.min(DENSE_MS, Math.max(dense.length * 2, ms + 1))];
      System.arraycopy(dense, 0, grown, 0, dense.length);
      dense = grown;
    }
    dense[ms]++;
  }
}
