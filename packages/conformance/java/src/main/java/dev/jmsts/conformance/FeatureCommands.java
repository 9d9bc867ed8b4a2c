package dev.jmsts.conformance;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.util.Map;
import java.util.Set;

/**
 * The peer's commands for selectors, local transactions and durable subscriptions (issue 6 of jms-ts); the
 * command line, output and exit codes are those of {@link JmsPeer}.
 */
final class FeatureCommands {
  static final String USAGE =
      """
        java -jar jms-peer.jar send-selectable --url URL (--queue Q | --topic T) [--user U --password P]
        java -jar jms-peer.jar send-tx --url URL --queue Q --count N --rolled-back M [--user U --password P]
        java -jar jms-peer.jar durable-subscribe --url URL --topic T --client-id ID --name S [--selector SEL]
            [--count N] [--timeout-ms MS] [--quiet-ms MS] [--unsubscribe true] [--user U --password P]
      send-selectable: six TextMessages j1..j6 for selector checks (see FeatureCommands.SELECTABLE);
        prints {"sent": {...}} per message.
      send-tx: a transacted session sends M TextMessages rolled-back-i and rolls back, then N committed-i
        (JMSCorrelationID corr-i) and commits; prints {"sent": {...}} per committed message.
      durable-subscribe: connects with ClientID ID, opens durable consumer S on T (with SEL), receives N
        messages (default 0: only subscribe), then --quiet-ms more for unexpected ones (printed as received
        too), closes the consumer, and with --unsubscribe true removes the subscription.
      receive: --selector SEL consumes only matching messages; --topic T subscribes instead of --queue;
        --quiet-ms MS waits that long after the last expected message and prints any further one.
      send: --topic T publishes instead of --queue.""";

  /** j1..j6: JMSType, JMSCorrelationID, priority, persistent, int n, string region (null = absent). */
  private static final Object[][] SELECTABLE = {
    {"red", "order-1", 2, true, 1, "eu"},
    {"blue", "order-2", 7, true, 2, "us"},
    {"red", "invoice-3", 9, true, 3, "eu"},
    {null, "order-4", 4, true, 4, null},
    {"red", "order-5", 5, false, 5, "us"},
    {"green", null, 0, true, 6, "eu"},
  };

  private FeatureCommands() {}

  /** Runs {@code command}, or returns null when it is not one of these. */
  static Integer run(String command, Map<String, String> options) throws JMSException, JmsPeer.UsageException {
    return switch (command) {
      case "send-selectable" -> {
        JmsPeer.allow(options, Set.of("url", "queue", "topic", "user", "password", "deadline-ms"));
        JmsPeer.startWatchdog(JmsPeer.number(options, "deadline-ms", 30_000));
        yield sendSelectable(options);
      }
      case "send-tx" -> {
        JmsPeer.allow(
            options, Set.of("url", "queue", "count", "rolled-back", "user", "password", "deadline-ms"));
        JmsPeer.startWatchdog(JmsPeer.number(options, "deadline-ms", 30_000));
        yield sendTransacted(options);
      }
      case "durable-subscribe" -> {
        JmsPeer.allow(
            options,
            Set.of(
                "url", "topic", "client-id", "name", "selector", "count", "timeout-ms", "quiet-ms",
                "unsubscribe", "user", "password", "deadline-ms"));
        long timeoutMs = JmsPeer.number(options, "timeout-ms", 10_000);
        JmsPeer.startWatchdog(JmsPeer.number(options, "deadline-ms", timeoutMs + 30_000));
        yield durableSubscribe(options, timeoutMs);
      }
      default -> null;
    };
  }

  /** The queue of --queue or the topic of --topic (exactly one of them). */
  static Destination destination(Session session, Map<String, String> options)
      throws JMSException, JmsPeer.UsageException {
    String queue = options.get("queue");
    String topic = options.get("topic");
    if ((queue == null) == (topic == null))
      throw new JmsPeer.UsageException("give exactly one of --queue and --topic");
    return queue != null ? session.createQueue(queue) : session.createTopic(topic);
  }

  private static int sendSelectable(Map<String, String> options)
      throws JMSException, JmsPeer.UsageException {
    try (Connection connection = JmsPeer.connect(options)) {
      Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      MessageProducer producer = session.createProducer(destination(session, options));
      for (int i = 0; i < SELECTABLE.length; i++) {
        Object[] row = SELECTABLE[i];
        TextMessage message = session.createTextMessage("j" + (i + 1));
        if (row[0] != null) message.setJMSType((String) row[0]);
        if (row[1] != null) message.setJMSCorrelationID((String) row[1]);
        message.setIntProperty("n", (Integer) row[4]);
        if (row[5] != null) message.setStringProperty("region", (String) row[5]);
        int mode = (Boolean) row[3] ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT;
        producer.send(message, mode, (Integer) row[2], 0);
        JmsPeer.emitSent(message);
      }
    }
    return JmsPeer.EXIT_OK;
  }

  private static int sendTransacted(Map<String, String> options)
      throws JMSException, JmsPeer.UsageException {
    long count = JmsPeer.number(options, "count", 1);
    long rolledBack = JmsPeer.number(options, "rolled-back", 1);
    try (Connection connection = JmsPeer.connect(options)) {
      Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
      MessageProducer producer = session.createProducer(session.createQueue(required(options, "queue")));
      for (long i = 1; i <= rolledBack; i++) producer.send(session.createTextMessage("rolled-back-" + i));
      session.rollback();
      TextMessage[] sent = new TextMessage[(int) count];
      for (int i = 1; i <= count; i++) {
        TextMessage message = session.createTextMessage("committed-" + i);
        message.setJMSCorrelationID("corr-" + i);
        producer.send(message);
        sent[i - 1] = message;
      }
      session.commit();
      for (TextMessage message : sent) JmsPeer.emitSent(message);
    }
    return JmsPeer.EXIT_OK;
  }

  private static int durableSubscribe(Map<String, String> options, long timeoutMs)
      throws JMSException, JmsPeer.UsageException {
    String name = required(options, "name");
    long count = options.containsKey("count") ? JmsPeer.number(options, "count", 1) : 0;
    long quietMs = options.containsKey("quiet-ms") ? JmsPeer.number(options, "quiet-ms", 1) : 0;
    String unsubscribe = options.getOrDefault("unsubscribe", "false");
    if (!unsubscribe.equals("true") && !unsubscribe.equals("false"))
      throw new JmsPeer.UsageException("--unsubscribe must be true or false, got " + unsubscribe);
    long deadline = System.currentTimeMillis() + timeoutMs;
    try (Connection connection = JmsPeer.connect(options)) {
      Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      Topic topic = session.createTopic(required(options, "topic"));
      MessageConsumer consumer =
          session.createDurableConsumer(topic, name, options.get("selector"), false);
      JmsPeer.emit(Json.object("subscribed", name));
      int status = receiveInto(consumer, count, deadline, quietMs, topic.getTopicName());
      consumer.close();
      if (status == JmsPeer.EXIT_OK && unsubscribe.equals("true")) session.unsubscribe(name);
      return status;
    }
  }

  /**
   * Receives {@code count} messages before {@code deadline}, printing each; then waits {@code quietMs} for
   * a further one, printed too. Returns EXIT_TIMEOUT (after an error line) when fewer than count arrived.
   */
  static int receiveInto(
      MessageConsumer consumer, long count, long deadline, long quietMs, String from)
      throws JMSException {
    for (long i = 0; i < count; i++) {
      long remaining = deadline - System.currentTimeMillis();
      Message message = remaining > 0 ? consumer.receive(remaining) : consumer.receiveNoWait();
      if (message == null) {
        Map<String, Object> error =
            Json.object("error", "timeout: received " + i + " of " + count + " messages from " + from);
        error.put("received", i);
        JmsPeer.emit(error);
        return JmsPeer.EXIT_TIMEOUT;
      }
      JmsPeer.emit(Json.object("received", JmsPeer.describe(message)));
    }
    if (quietMs > 0) {
      Message extra = consumer.receive(quietMs);
      while (extra != null) {
        JmsPeer.emit(Json.object("received", JmsPeer.describe(extra)));
        extra = consumer.receive(quietMs);
      }
    }
    return JmsPeer.EXIT_OK;
  }

  private static String required(Map<String, String> options, String name) throws JmsPeer.UsageException {
    return JmsPeer.required(options, name);
  }
}
