package dev.jmsts.conformance;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@code perf} command: jms-perf's producer-to-consumer workload through Qpid JMS, driven by
 * {@code jms-perf --client qpid-jms} (src/perf/qpid-jms-runner.ts).
 *
 * <pre>
 * java -jar jms-peer.jar perf --url URL --queue Q (--count N | --duration-ms MS) [--body-size B]
 *     [--persistent true|false] [--ack auto|client|dups-ok] [--transacted-batch N] [--prefetch N]
 *     [--producers N] [--consumers N] [--connections N] [--rate MSG_PER_S] [--user U --password P]
 * </pre>
 *
 * Opens the consumers, then the producers, prints {@code {"ready": true}} and sends. Prints
 * {@code {"progress": COUNTS}} every 250 ms, {@code {"sent-all": COUNTS}} once every producer is done, and
 * {@code {"finished": COUNTS + "latency": [[ms, n], ...]}} after the stdin line {@code finish} (consumers then
 * commit or acknowledge what they hold). COUNTS: sent, settled, received and the first and last send and
 * receive times (epoch ms, null until seen). Stdin {@code stop} ends sending; the end of stdin (or SIGTERM)
 * closes the connections and exits 0. A failure prints one {@code {"error": ...}} line and exits 2. No
 * deadline: the caller watches for stalls.
 */
final class PerfCommand {
  private static final long PROGRESS_MS = 250;

  private final PerfWorkload workload;
  private final PerfTally tally = new PerfTally();
  private final PerfSchedule schedule;
  private final List<Connection> connections = new CopyOnWriteArrayList<>();
  private final List<PerfConsumer> consumers = new ArrayList<>();
  private final AtomicBoolean closing = new AtomicBoolean();
  /** Counted down by the end of stdin or the first failure. */
  private final CountDownLatch ended = new CountDownLatch(1);

  private PerfCommand(PerfWorkload workload) {
    this.workload = workload;
    this.schedule = new PerfSchedule(workload);
  }

  /** Runs the command line's workload; returns the exit status. */
  static int run(Map<String, String> options) throws JMSException, JmsPeer.UsageException {
    return new PerfCommand(PerfWorkload.parse(options)).run();
  }

  private int run() throws JMSException, JmsPeer.UsageException {
    // SIGTERM runs the hook: close the connections so the broker sees clean detaches.
    Runtime.getRuntime().addShutdownHook(new Thread(this::close, "jms-peer-perf-close"));
    try {
      for (int i = 0; i < workload.connectionsUsed(); i++) connections.add(connect());
      for (int i = 0; i < workload.consumers(); i++)
        consumers.add(PerfConsumer.open(on(true, i), workload, tally, this::fail));
      List<Thread> producers = new ArrayList<>();
      for (int i = 0; i < workload.producers(); i++) {
        PerfProducer producer =
            PerfProducer.open(on(false, i), workload, workload.quota(i), tally, schedule, this::fail);
        producers.add(new Thread(producer, "jms-peer-perf-producer-" + i));
      }
      JmsPeer.emit(Json.object("ready", true));
      daemon("jms-peer-perf-progress", this::reportProgress);
      schedule.start();
      for (Thread producer : producers) producer.start();
      daemon("jms-peer-perf-sending", () -> awaitSending(producers));
      daemon("jms-peer-perf-stdin", this::readCommands);
      ended.await();
      Throwable failure = tally.failure();
      if (failure == null) return JmsPeer.EXIT_OK;
      // Report first: closing may take a while (jms.closeTimeout) and the caller is waiting.
      Map<String, Object> error = Json.object("error", describe(failure));
      error.put("exception", failure.getClass().getName());
      JmsPeer.emit(error);
      return JmsPeer.EXIT_FAILURE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return JmsPeer.EXIT_FAILURE;
    } finally {
      close();
    }
  }

  /** A started connection with the workload's prefetch ({@code jms.prefetchPolicy.all}). */
  private Connection connect() throws JMSException, JmsPeer.UsageException {
    Map<String, String> options = new HashMap<>();
    String url = workload.url();
    options.put(
        "url",
        url + (url.contains("?") ? "&" : "?") + "jms.prefetchPolicy.all=" + workload.prefetch());
    if (workload.user() != null) options.put("user", workload.user());
    if (workload.password() != null) options.put("password", workload.password());
    Connection connection = JmsPeer.connect(options);
    connection.setExceptionListener(this::fail);
    return connection;
  }

  private Connection on(boolean consumer, int index) {
    return connections.get(workload.connectionOf(consumer, index));
  }

  /** The run's first failure ends it; failures while closing are the close's doing and not reported. */
  private void fail(Throwable error) {
    if (closing.get()) return;
    tally.fail(error);
    schedule.stop();
    ended.countDown();
  }

  private void reportProgress() {
    try {
      while (!closing.get()) {
        tally.pause(PROGRESS_MS);
        if (!closing.get()) JmsPeer.emit(Json.object("progress", tally.counts()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void awaitSending(List<Thread> producers) {
    try {
      for (Thread producer : producers) producer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    tally.noteSendingDone();
    if (tally.failure() == null && !closing.get()) JmsPeer.emit(Json.object("sent-all", tally.counts()));
  }

  /** Stdin commands, one a line: {@code stop} ends sending, {@code finish} settles and reports; EOF ends the run. */
  private void readCommands() {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        switch (line.trim()) {
          case "stop" -> schedule.stop();
          case "finish" -> finish();
          case "" -> {}
          default -> fail(new IllegalArgumentException("unknown command on stdin: " + line.trim()));
        }
      }
    } catch (IOException e) {
      fail(e);
    }
    ended.countDown();
  }

  private void finish() {
    try {
      for (PerfConsumer consumer : consumers) consumer.finish();
    } catch (JMSException | RuntimeException e) {
      fail(e);
      return;
    }
    Map<String, Object> finished = tally.counts();
    finished.put("latency", tally.latencies());
    JmsPeer.emit(Json.object("finished", finished));
  }

  /** Stops sending and closes every connection (once; Qpid JMS bounds each close by jms.closeTimeout). */
  private void close() {
    if (!closing.compareAndSet(false, true)) return;
    schedule.stop();
    for (Connection connection : connections) {
      try {
        connection.close();
      } catch (JMSException | RuntimeException e) {
        // Closing anyway: the broker drops what is left with the connection.
      }
    }
  }

  /** One line: the message and its causes' messages, as the peer's other errors. */
  private static String describe(Throwable error) {
    StringBuilder out = new StringBuilder(error.getMessage() == null ? error.toString() : error.getMessage());
    Throwable cause = error.getCause();
    if (cause == null && error instanceof JMSException jms) cause = jms.getLinkedException();
    for (int depth = 0; cause != null && depth < 4; depth++, cause = cause.getCause()) {
      String message = cause.getMessage();
      if (message != null && out.indexOf(message) < 0) out.append(" (").append(message).append(')');
    }
    return out.toString();
  }

  private static void daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
  }
}
