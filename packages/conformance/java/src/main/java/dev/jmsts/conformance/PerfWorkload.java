package dev.jmsts.conformance;

import jakarta.jms.Session;
import java.util.Map;
import java.util.Set;

/**
 * A {@code perf} command line, checked: the same workload jms-perf runs through jms-ts, as arguments.
 *
 * @param count messages in all, split over the producers; -1 in a duration run
 * @param durationMs how long producers send; -1 in a count run
 * @param ack {@code auto}, {@code client} or {@code dups-ok}; ignored when transacted
 * @param transactedBatch 0: not transacted, else producers and consumers commit every N messages
 * @param rate messages per second over all producers together; 0: as fast as credit allows
 */
record PerfWorkload(
    String url,
    String user,
    String password,
    String queue,
    long count,
    long durationMs,
    int bodySize,
    boolean persistent,
    String ack,
    int transactedBatch,
    int prefetch,
    int producers,
    int consumers,
    int connections,
    double rate) {

  private static final Set<String> OPTIONS =
      Set.of(
          "url", "user", "password", "queue", "count", "duration-ms", "body-size", "persistent", "ack",
          "transacted-batch", "prefetch", "producers", "consumers", "connections", "rate");

  /** Parses the {@code perf} options. */
  static PerfWorkload parse(Map<String, String> options) throws JmsPeer.UsageException {
    JmsPeer.allow(options, OPTIONS);
    boolean counted = options.containsKey("count");
    if (counted == options.containsKey("duration-ms"))
      throw new JmsPeer.UsageException("give exactly one of --count and --duration-ms");
    String ack = options.getOrDefault("ack", "auto");
    if (!Set.of("auto", "client", "dups-ok").contains(ack))
      throw new JmsPeer.UsageException("--ack must be auto, client or dups-ok, got " + ack);
    String persistent = options.getOrDefault("persistent", "false");
    if (!persistent.equals("true") && !persistent.equals("false"))
      throw new JmsPeer.UsageException("--persistent must be true or false, got " + persistent);
    int producers = (int) whole(options, "producers", 1, 1);
    int consumers = (int) whole(options, "consumers", 1, 1);
    return new PerfWorkload(
        JmsPeer.required(options, "url"),
        options.get("user"),
        options.get("password"),
        JmsPeer.required(options, "queue"),
        counted ? whole(options, "count", 0, 1) : -1,
        counted ? -1 : whole(options, "duration-ms", 0, 1),
        (int) whole(options, "body-size", 100, 0),
        persistent.equals("true"),
        ack,
        (int) whole(options, "transacted-batch", 0, 0),
        (int) whole(options, "prefetch", 1000, 1),
        producers,
        consumers,
        (int) whole(options, "connections", producers + consumers, 1),
        rate(options.get("rate")));
  }

  boolean transacted() {
    return transactedBatch > 0;
  }

  /** The consumers' acknowledge mode. */
  int consumerAckMode() {
    if (transacted()) return Session.SESSION_TRANSACTED;
    return switch (ack) {
      case "client" -> Session.CLIENT_ACKNOWLEDGE;
      case "dups-ok" -> Session.DUPS_OK_ACKNOWLEDGE;
      default -> Session.AUTO_ACKNOWLEDGE;
    };
  }

  /** Messages a consumer takes before it commits (transacted) or acknowledges (client); 0: neither. */
  int consumerBatch() {
    if (transacted()) return transactedBatch;
    return ack.equals("client") ? Math.max(1, prefetch / 2) : 0;
  }

  /** Producer {@code index}'s share of the count (the first ones take the remainder); MAX_VALUE by duration. */
  long quota(int index) {
    if (count < 0) return Long.MAX_VALUE;
    return count / producers + (index < count % producers ? 1 : 0);
  }

  /** The connection a consumer or producer uses: consumers first, then producers, dealt round robin. */
  int connectionOf(boolean consumer, int index) {
    return (consumer ? index : consumers + index) % connections;
  }

  /** Connections actually opened: no more than there are producers and consumers. */
  int connectionsUsed() {
    return Math.min(connections, producers + consumers);
  }

  private static long whole(Map<String, String> options, String name, long fallback, long min)
      throws JmsPeer.UsageException {
    String text = options.get(name);
    if (text == null) return fallback;
    try {
      long value = Long.parseLong(text);
      if (value < min || value > Integer.MAX_VALUE && !name.equals("count") && !name.equals("duration-ms"))
        throw new NumberFormatException();
      return value;
    } catch (NumberFormatException e) {
      throw new JmsPeer.UsageException("--" + name + " must be a whole number >= " + min + ", got " + text);
    }
  }

  private static double rate(String text) throws JmsPeer.UsageException {
    if (text == null) return 0;
    try {
      double value = Double.parseDouble(text);
      if (!(value > 0) || Double.isInfinite(value)) throw new NumberFormatException();
      return value;
    } catch (NumberFormatException e) {
      throw new JmsPeer.UsageException("--rate must be a number of messages per second > 0, got " + text);
    }
  }
}
