package dev.jmsts.conformance;

import jakarta.jms.BytesMessage;
import jakarta.jms.MessageEOFException;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.qpid.jms.JmsConnectionFactory;

/**
 * The Qpid JMS side of the conformance suite's interop cases: sends or receives through the real Apache Qpid JMS
 * client and prints what it sent or saw as JSON, one line per message, on stdout.
 *
 * <pre>
 * java -jar jms-peer.jar send    --url URL --queue Q --text T [--count N] [--user U --password P]
 * java -jar jms-peer.jar receive --url URL --queue Q [--count N] [--timeout-ms MS] [--user U --password P]
 * </pre>
 *
 * Exit status: 0 done, 1 a receive timed out, 2 the connection or a JMS call failed, 3 the run's deadline passed
 * ({@code --deadline-ms}, default receive timeout + 30 s), 64 usage. Every failure also prints one
 * {@code {"error": ...}} line.
 */
public final class JmsPeer {
  static final int EXIT_OK = 0;
  static final int EXIT_TIMEOUT = 1;
  static final int EXIT_FAILURE = 2;
  static final int EXIT_DEADLINE = 3;
  static final int EXIT_USAGE = 64;

  private static final String USAGE =
      """
      Usage:
        java -jar jms-peer.jar send    --url URL --queue Q --text T [--count N] [--user U --password P]
        java -jar jms-peer.jar send-bytes --url URL --queue Q [--user U --password P]
        java -jar jms-peer.jar send-all --url URL --queue Q [--user-id NAME] [--user U --password P]
        java -jar jms-peer.jar receive --url URL --queue Q [--count N] [--timeout-ms MS] [--user U --password P]
      Common: --deadline-ms MS (whole run; default receive timeout + 30000)
      send: N PERSISTENT TextMessages (text T, or T-i when N > 1) with JMSCorrelationID corr-i, JMSType interop
        and properties s="text", i=42, l=2^40, b=true, d=1.5, y=(byte)-7, h=(short)300, f=1.25f, big=2^62+1; prints {"sent": {...}} per message.
      send-bytes: one BytesMessage: writeBoolean(true), writeShort(-2), writeLong(2^62+3), writeDouble(0.1),
        writeUTF("na\u00efve \u2615 \ud83d\ude00"), writeBytes({0, 255}).
      send-all: one message of each kind (Message, Text, Bytes, Map, Stream, Java-serialized Object, AMQP-typed
        Object), each with every header and typed property (see sendAll); prints {"sent": {...}} per message.
        --user-id NAME: JMSXUserID via jms.populateJMSXUserID (NAME is the connection's user, SASL ANONYMOUS).
      receive: N messages, AUTO_ACKNOWLEDGE, within --timeout-ms (default 10000) in all;
        prints {"received": {...}} per message.
      Exit: 0 ok, 1 receive timeout, 2 connection/JMS failure, 3 deadline, 64 usage.
      """
          + FeatureCommands.USAGE;

  /** Options the peer adds to the URL unless it already has them, so no call waits forever. */
  private static final Map<String, String> URL_DEFAULTS =
      Map.of(
          "jms.connectTimeout", "10000",
          "jms.closeTimeout", "5000",
          "jms.requestTimeout", "15000",
          "jms.sendTimeout", "15000");

  private static final Object OUT = new Object();

  private JmsPeer() {}

  public static void main(String[] args) {
    int code;
    try {
      code = run(args);
    } catch (UsageException e) {
      emit(Json.object("error", "usage: " + e.getMessage()));
      System.err.println(USAGE);
      code = EXIT_USAGE;
    } catch (JMSException | RuntimeException e) {
      Map<String, Object> error = Json.object("error", describe(e));
      error.put("exception", e.getClass().getName());
      emit(error);
      code = EXIT_FAILURE;
    }
    System.out.flush();
    // Qpid JMS's IO threads are not daemons; end the JVM here whatever they are doing.
    System.exit(code);
  }

  private static int run(String[] args) throws JMSException, UsageException {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
      if (args.length == 0) throw new UsageException("no command");
      System.out.println(USAGE);
      return EXIT_OK;
    }
    String command = args[0];
    Map<String, String> options = parse(args);
    return switch (command) {
      case "send" -> {
        allow(
            options,
            Set.of("url", "queue", "topic", "text", "count", "user", "password", "deadline-ms"));
        startWatchdog(number(options, "deadline-ms", 30_000));
        yield send(options);
      }
      case "send-map", "send-stream" -> {
        allow(options, Set.of("url", "queue", "user", "password", "deadline-ms"));
        startWatchdog(number(options, "deadline-ms", 30_000));
        yield sendStructured(options, command.equals("send-map"));
      }
      case "send-bytes" -> {
        allow(options, Set.of("url", "queue", "user", "password", "deadline-ms"));
        startWatchdog(number(options, "deadline-ms", 30_000));
        yield sendBytes(options);
      }
      case "send-all" -> {
        allow(options, Set.of("url", "queue", "user-id", "user", "password", "deadline-ms"));
        startWatchdog(number(options, "deadline-ms", 30_000));
        yield sendAll(options);
      }
      case "receive" -> {
        allow(
            options,
            Set.of(
                "url", "queue", "topic", "selector", "count", "timeout-ms", "quiet-ms", "client-id",
                "user", "password", "deadline-ms"));
        long timeoutMs = number(options, "timeout-ms", 10_000);
        startWatchdog(number(options, "deadline-ms", timeoutMs + 30_000));
        yield receive(options, timeoutMs);
      }
      case "perf" -> PerfCommand.run(options);
      default -> {
        Integer status = FeatureCommands.run(command, options);
        if (status == null) throw new UsageException("unknown command " + command);
        yield status;
      }
    };
  }

  /**
   * One MapMessage or StreamMessage holding each JMS value type once: b=true, y=-128, h=32767, c='\u00e9',
   * i=-2147483648, l=2^62+5, f=2.5f, d=0.1, s="na\u00efve", raw={0,255} (in this order in a stream).
   */
  private static int sendStructured(Map<String, String> options, boolean map)
      throws JMSException, UsageException {
    String queueName = required(options, "queue");
    try (Connection connection = connect(options)) {
      Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      MessageProducer producer = session.createProducer(session.createQueue(queueName));
      Message message;
      if (map) {
        MapMessage m = session.createMapMessage();
        m.setBoolean("b", true);
        m.setByte("y", (byte) -128);
        m.setShort("h", (short) 32767);
        m.setChar("c", '\u00e9');
        m.setInt("i", Integer.MIN_VALUE);
        m.setLong("l", (1L << 62) + 5);
        m.setFloat("f", 2.5f);
        m.setDouble("d", 0.1);
        m.setString("s", "na\u00efve");
        m.setBytes("raw", new byte[] {0, (byte) 255});
        message = m;
      } else {
        StreamMessage m = session.createStreamMessage();
        m.writeBoolean(true);
        m.writeByte((byte) -128);
        m.writeShort((short) 32767);
        m.writeChar('\u00e9');
        m.writeInt(Integer.MIN_VALUE);
        m.writeLong((1L << 62) + 5);
        m.writeFloat(2.5f);
        m.writeDouble(0.1);
        m.writeString("na\u00efve");
        m.writeBytes(new byte[] {0, (byte) 255});
        message = m;
      }
      producer.send(message);
      Map<String, Object> sent = Json.object();
      sent.put("id", message.getJMSMessageID());
      emit(Json.object("sent", sent));
    }
    return 0;
  }

  /**
   * One message of each kind, in this order: Message; TextMessage "text"; BytesMessage {1,2,3}; MapMessage
   * s="v", l=2^62+1; StreamMessage true, 2^62+1L, "s"; ObjectMessage with a Java-serialized ArrayList ["a",
   * "b"] (Qpid JMS's default); ObjectMessage AMQP-typed (JMS_AMQP_TYPED_ENCODING) holding a map i=7 (Integer),
   * l=2^62+1 (Long), s="x". Message i (from 0) has: JMSCorrelationID "corr-i" when i is even, bytes {0xca,
   * 0xfe, i} when odd; JMSReplyTo queue Q-reply when even, topic Q-reply-topic when odd; JMSType "interop";
   * PERSISTENT when even, NON_PERSISTENT when odd; priority 7; time to live 120 s; JMSXGroupID "interop-group",
   * JMSXGroupSeq i+1; the typed properties of {@link #setEveryPropertyType}.
   */
  private static int sendAll(Map<String, String> options) throws JMSException, UsageException {
    String queueName = required(options, "queue");
    String userId = options.get("user-id");
    Map<String, String> connectOptions = new HashMap<>(options);
    if (userId != null) {
      // Qpid JMS writes user-id only for a named user: name one, still authenticating anonymously.
      String url = connectOptions.get("url");
      String extra = "jms.populateJMSXUserID=true";
      if (!connectOptions.containsKey("user")) {
        connectOptions.put("user", userId);
        extra += "&amqp.saslMechanisms=ANONYMOUS";
      }
      connectOptions.put("url", url + (url.contains("?") ? "&" : "?") + extra);
    }
    try (Connection connection = connect(connectOptions)) {
      Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      MessageProducer producer = session.createProducer(session.createQueue(queueName));
      Queue replyQueue = session.createQueue(queueName + "-reply");
      Topic replyTopic = session.createTopic(queueName + "-reply-topic");
      List<Message> messages = new ArrayList<>();
      messages.add(session.createMessage());
      messages.add(session.createTextMessage("text"));
      BytesMessage bytes = session.createBytesMessage();
      bytes.writeBytes(new byte[] {1, 2, 3});
      messages.add(bytes);
      MapMessage map = session.createMapMessage();
      map.setString("s", "v");
      map.setLong("l", (1L << 62) + 1);
      messages.add(map);
      StreamMessage stream = session.createStreamMessage();
      stream.writeBoolean(true);
      stream.writeLong((1L << 62) + 1);
      stream.writeString("s");
      messages.add(stream);
      messages.add(session.createObjectMessage(new ArrayList<>(List.of("a", "b"))));
      ObjectMessage typed = session.createObjectMessage();
      typed.setBooleanProperty("JMS_AMQP_TYPED_ENCODING", true);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("i", 7);
      body.put("l", (1L << 62) + 1);
      body.put("s", "x");
      typed.setObject(new LinkedHashMap<>(body));
      messages.add(typed);
      for (int i = 0; i < messages.size(); i++) {
        Message message = messages.get(i);
        if (i % 2 == 0) message.setJMSCorrelationID("corr-" + i);
        else message.setJMSCorrelationIDAsBytes(new byte[] {(byte) 0xca, (byte) 0xfe, (byte) i});
        message.setJMSReplyTo(i % 2 == 0 ? replyQueue : replyTopic);
        message.setJMSType("interop");
        message.setStringProperty("JMSXGroupID", "interop-group");
        message.setIntProperty("JMSXGroupSeq", i + 1);
        setEveryPropertyType(message);
        int mode = i % 2 == 0 ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT;
        producer.send(message, mode, 7, 120_000);
        Map<String, Object> sent = Json.object();
        sent.put("class", kind(message));
        sent.put("id", message.getJMSMessageID());
        sent.put("correlationId", message.getJMSCorrelationID());
        sent.put("timestamp", message.getJMSTimestamp());
        sent.put("expiration", message.getJMSExpiration());
        sent.put("deliveryMode", message.getJMSDeliveryMode());
        sent.put("priority", message.getJMSPriority());
        sent.put("userId", message.getStringProperty("JMSXUserID"));
        emit(Json.object("sent", sent));
      }
    }
    return EXIT_OK;
  }

  /** Every JMS property type; a long beyond 2^53 and the long minimum included. */
  private static void setEveryPropertyType(Message message) throws JMSException {
    message.setStringProperty("s", "text");
    message.setIntProperty("i", 42);
    message.setLongProperty("l", 1L << 40);
    message.setBooleanProperty("b", true);
    message.setDoubleProperty("d", 1.5);
    message.setByteProperty("y", (byte) -7);
    message.setShortProperty("h", (short) 300);
    message.setFloatProperty("f", 1.25f);
    message.setLongProperty("big", (1L << 62) + 1);
    message.setLongProperty("min", Long.MIN_VALUE);
  }

  /** One BytesMessage with the interop sequence: boolean, short, long, double, UTF, raw bytes. */
  private static int sendBytes(Map<String, String> options) throws JMSException, UsageException {
    String queueName = required(options, "queue");
    try (Connection connection = connect(options)) {
      Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      MessageProducer producer = session.createProducer(session.createQueue(queueName));
      BytesMessage message = session.createBytesMessage();
      message.writeBoolean(true);
      message.writeShort((short) -2);
      message.writeLong((1L << 62) + 3);
      message.writeDouble(0.1);
      message.writeUTF("na\u00efve \u2615 \ud83d\ude00");
      message.writeBytes(new byte[] {0, (byte) 255});
      producer.send(message);
      Map<String, Object> sent = Json.object();
      sent.put("id", message.getJMSMessageID());
      emit(Json.object("sent", sent));
    }
    return 0;
  }

  private static int send(Map<String, String> options) throws JMSException, UsageException {
    String text = required(options, "text");
    long count = number(options, "count", 1);
    try (Connection connection = connect(options)) {
      Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      MessageProducer producer = session.createProducer(FeatureCommands.destination(session, options));
      producer.setDeliveryMode(DeliveryMode.PERSISTENT);
      for (long i = 1; i <= count; i++) {
        TextMessage message = session.createTextMessage(count > 1 ? text + "-" + i : text);
        message.setJMSCorrelationID("corr-" + i);
        message.setJMSType("interop");
        message.setStringProperty("s", "text");
        message.setIntProperty("i", 42);
        message.setLongProperty("l", 1L << 40);
        message.setBooleanProperty("b", true);
        message.setDoubleProperty("d", 1.5);
        message.setByteProperty("y", (byte) -7);
        message.setShortProperty("h", (short) 300);
        message.setFloatProperty("f", 1.25f);
        message.setLongProperty("big", (1L << 62) + 1);
        producer.send(message);
        emitSent(message);
      }
    }
    return EXIT_OK;
  }

  private static int receive(Map<String, String> options, long timeoutMs)
      throws JMSException, UsageException {
    long count = number(options, "count", 1);
    long quietMs = options.containsKey("quiet-ms") ? number(options, "quiet-ms", 1) : 0;
    long deadline = System.currentTimeMillis() + timeoutMs;
    try (Connection connection = connect(options)) {
      Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      Destination from = FeatureCommands.destination(session, options);
      MessageConsumer consumer = session.createConsumer(from, options.get("selector"));
      String name = options.containsKey("queue") ? options.get("queue") : options.get("topic");
      return FeatureCommands.receiveInto(
          consumer, count, deadline, quietMs, name + " within " + timeoutMs + " ms");
    }
  }

  static Connection connect(Map<String, String> options) throws JMSException, UsageException {
    String given = required(options, "url");
    String clientId = options.get("client-id");
    // Qpid JMS takes a ClientID from the URL; setClientID would have to precede every other call.
    String url =
        withDefaults(
            clientId == null
                ? given
                : given + (given.contains("?") ? "&" : "?") + "jms.clientID=" + clientId);
    String user = options.get("user");
    String password = options.get("password");
    // Without credentials Qpid JMS chooses SASL ANONYMOUS when the server offers it.
    ConnectionFactory factory = new JmsConnectionFactory(url);
    try {
      Connection connection =
          user == null ? factory.createConnection() : factory.createConnection(user, password);
      try {
        // Qpid JMS opens the AMQP connection on first use; start() makes a refused connection fail here.
        connection.start();
      } catch (JMSException e) {
        connection.close();
        throw e;
      }
      return connection;
    } catch (JMSException e) {
      JMSException failure = new JMSException("connection to " + given + " failed: " + describe(e));
      failure.setLinkedException(e);
      throw failure;
    }
  }

  private static String withDefaults(String url) {
    StringBuilder out = new StringBuilder(url);
    char separator = url.contains("?") ? '&' : '?';
    for (String key : new TreeSet<>(URL_DEFAULTS.keySet())) {
      if (!url.contains(key + "=")) {
        out.append(separator).append(key).append('=').append(URL_DEFAULTS.get(key));
        separator = '&';
      }
    }
    return out.toString();
  }

  /** Everything Qpid JMS shows of a received message, for the suite to compare with what jms-ts sent. */
  static Map<String, Object> describe(Message message) throws JMSException {
    Map<String, Object> out = Json.object();
    out.put("class", kind(message));
    if (message instanceof TextMessage text) out.put("text", text.getText());
    if (message instanceof BytesMessage bytes) {
      byte[] body = new byte[(int) bytes.getBodyLength()];
      bytes.readBytes(body);
      out.put("bytes", body);
    }
    if (message instanceof StreamMessage stream) {
      List<Object> values = new ArrayList<>();
      while (true) {
        try {
          values.add(typed(stream.readObject()));
        } catch (MessageEOFException end) {
          break;
        }
      }
      out.put("stream", values);
    }
    if (message instanceof MapMessage map) {
      Map<String, Object> entries = Json.object();
      List<String> names = new ArrayList<>();
      for (Object name : Collections.list(map.getMapNames())) names.add(String.valueOf(name));
      Collections.sort(names);
      for (String name : names) entries.put(name, typed(map.getObject(name)));
      out.put("map", entries);
    }
    if (message instanceof ObjectMessage object) out.put("object", deep(object.getObject()));
    out.put("messageId", message.getJMSMessageID());
    out.put("correlationId", message.getJMSCorrelationID());
    out.put("correlationIdBytes", correlationBytes(message));
    out.put("type", message.getJMSType());
    out.put("deliveryMode", message.getJMSDeliveryMode());
    out.put("priority", message.getJMSPriority());
    out.put("redelivered", message.getJMSRedelivered());
    out.put("timestamp", message.getJMSTimestamp());
    out.put("expiration", message.getJMSExpiration());
    out.put("deliveryTime", message.getJMSDeliveryTime());
    out.put("destination", destination(message.getJMSDestination()));
    out.put("replyTo", destination(message.getJMSReplyTo()));
    Map<String, Object> properties = Json.object();
    List<String> names = new ArrayList<>();
    for (Object name : Collections.list(message.getPropertyNames())) names.add(String.valueOf(name));
    Collections.sort(names);
    for (String name : names) properties.put(name, typed(message.getObjectProperty(name)));
    out.put("properties", properties);
    Map<String, Object> jmsx = Json.object();
    for (String name : List.of("JMSXDeliveryCount", "JMSXGroupID", "JMSXGroupSeq", "JMSXUserID"))
      jmsx.put(name, typed(message.getObjectProperty(name)));
    out.put("jmsx", jmsx);
    return out;
  }

  /** The bytes of a binary JMSCorrelationID; null when there is none or it is a string. */
  private static byte[] correlationBytes(Message message) {
    try {
      return message.getJMSCorrelationIDAsBytes();
    } catch (JMSException notBytes) {
      return null;
    }
  }

  /** {@link #typed} all the way down: map values and list items keep their Java classes too. */
  private static Map<String, Object> deep(Object value) {
    Map<String, Object> out = typed(value);
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> entries = Json.object();
      for (Map.Entry<?, ?> entry : map.entrySet())
        entries.put(String.valueOf(entry.getKey()), deep(entry.getValue()));
      out.put("value", entries);
    } else if (value instanceof List<?> list) {
      List<Object> items = new ArrayList<>();
      for (Object item : list) items.add(deep(item));
      out.put("value", items);
    }
    return out;
  }

  private static String kind(Message message) {
    if (message instanceof TextMessage) return "TextMessage";
    if (message instanceof BytesMessage) return "BytesMessage";
    if (message instanceof MapMessage) return "MapMessage";
    if (message instanceof StreamMessage) return "StreamMessage";
    if (message instanceof ObjectMessage) return "ObjectMessage";
    return "Message";
  }

  /** A value with its Java class, e.g. {@code {"class": "Long", "value": 1099511627776}}. */
  private static Map<String, Object> typed(Object value) {
    Map<String, Object> out = Json.object();
    out.put("class", value == null ? null : value.getClass().getSimpleName());
    out.put("value", value);
    // Exact text too: a JSON number loses a long's low digits beyond 2^53 in JavaScript.
    out.put("text", value == null ? null : String.valueOf(value));
    return out;
  }

  private static Map<String, Object> destination(Destination destination) throws JMSException {
    if (destination == null) return null;
    Map<String, Object> out = Json.object();
    out.put("string", destination.toString());
    out.put("queue", destination instanceof Queue);
    out.put("topic", destination instanceof Topic);
    out.put("temporary", destination instanceof TemporaryQueue || destination instanceof TemporaryTopic);
    if (destination instanceof Queue queue) out.put("name", queue.getQueueName());
    else if (destination instanceof Topic topic) out.put("name", topic.getTopicName());
    return out;
  }

  private static String describe(Throwable error) {
    StringBuilder out = new StringBuilder(String.valueOf(error.getMessage()));
    Throwable cause = error.getCause() != null ? error.getCause() : linked(error);
    for (int depth = 0; cause != null && depth < 4; depth++) {
      if (cause.getMessage() != null && !out.toString().contains(cause.getMessage()))
        out.append(" (").append(cause.getMessage()).append(')');
      cause = cause.getCause();
    }
    return out.toString();
  }

  private static Throwable linked(Throwable error) {
    return error instanceof JMSException jms ? jms.getLinkedException() : null;
  }

  /** Ends the JVM with an error line if the run has not finished within {@code ms}. */
  static void startWatchdog(long ms) {
    Thread watchdog =
        new Thread(
            () -> {
              try {
                Thread.sleep(ms);
              } catch (InterruptedException e) {
                return;
              }
              emit(Json.object("error", "deadline: the run did not finish within " + ms + " ms"));
              System.out.flush();
              Runtime.getRuntime().halt(EXIT_DEADLINE);
            },
            "jms-peer-deadline");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  static void emit(Map<String, Object> line) {
    String json = Json.write(line);
    synchronized (OUT) {
      System.out.println(json);
      System.out.flush();
    }
  }

  private static Map<String, String> parse(String[] args) throws UsageException {
    Map<String, String> options = new HashMap<>();
    for (int i = 1; i < args.length; i += 2) {
      String name = args[i];
      if (!name.startsWith("--") || name.length() == 2) throw new UsageException("unexpected " + name);
      if (i + 1 >= args.length) throw new UsageException(name + " needs a value");
      if (options.put(name.substring(2), args[i + 1]) != null)
        throw new UsageException(name + " given twice");
    }
    return options;
  }

  static void allow(Map<String, String> options, Set<String> allowed) throws UsageException {
    for (String name : options.keySet())
      if (!allowed.contains(name)) throw new UsageException("unknown option --" + name);
  }

  static String required(Map<String, String> options, String name) throws UsageException {
    String value = options.get(name);
    if (value == null) throw new UsageException("--" + name + " is required");
    return value;
  }

  static long number(Map<String, String> options, String name, long fallback)
      throws UsageException {
    String value = options.get(name);
    if (value == null) return fallback;
    try {
      long parsed = Long.parseLong(value);
      if (parsed <= 0) throw new NumberFormatException();
      return parsed;
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " must be a positive integer, got " + value);
    }
  }

  /** A command line the peer does not understand. */
  static final class UsageException extends Exception {
    UsageException(String message) {
      super(message);
    }
  }

  /** Prints what was sent, as the TypeScript side reads it: one `sent` JSON line. */
  static void emitSent(TextMessage message) throws JMSException {
    Map<String, Object> sent = Json.object();
    sent.put("id", message.getJMSMessageID());
    sent.put("text", message.getText());
    sent.put("timestamp", message.getJMSTimestamp());
    sent.put("correlationId", message.getJMSCorrelationID());
    sent.put("type", message.getJMSType());
    sent.put("deliveryMode", message.getJMSDeliveryMode());
    sent.put("priority", message.getJMSPriority());
    emit(Json.object("sent", sent));
  }
}
