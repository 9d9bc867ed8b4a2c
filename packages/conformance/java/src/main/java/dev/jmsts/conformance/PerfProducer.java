package dev.jmsts.conformance;

import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * One producer of a {@code perf} run: its own session, sending its share on a thread of its own as
 * jms-perf's jms-ts producers do: a new BytesMessage of x's per send with SendTime (epoch ms) as a long
 * property, sent asynchronously [JMS 2.0 7.3] with a CompletionListener that counts the broker's accepts,
 * and in a transacted run a commit every batch and once at the end.
 */
final class PerfProducer implements Runnable {
  /** The application property carrying a message's send time in epoch ms, as in quiver's arrows. */
  static final String SEND_TIME = "SendTime";

  private final Session session;
  private final MessageProducer producer;
  private final PerfTally tally;
  private final PerfSchedule schedule;
  private final Consumer<Throwable> failed;
  private final long quota;
  private final int transactedBatch;
  private final byte[] body;
  private final CompletionListener completion;

  private PerfProducer(
      Session session,
      MessageProducer producer,
      PerfWorkload workload,
      long quota,
      PerfTally tally,
      PerfSchedule schedule,
      Consumer<Throwable> failed) {
    this.session = session;
    this.producer = producer;
    this.tally = tally;
    this.schedule = schedule;
    this.failed = failed;
    this.quota = quota;
    this.transactedBatch = workload.transactedBatch();
    this.body = new byte[workload.bodySize()];
    Arrays.fill(body, (byte) 'x');
    this.completion =
        new CompletionListener() {
          @Override
          public void onCompletion(Message message) {
            tally.noteSettled();
          }

          @Override
          public void onException(Message message, Exception error) {
            failed.accept(error);
          }
        };
  }

  /** Opens the session and the producer on the workload's queue; sending starts with {@link #run}. */
  static PerfProducer open(
      Connection connection,
      PerfWorkload workload,
      long quota,
      PerfTally tally,
      PerfSchedule schedule,
      Consumer<Throwable> failed)
      throws JMSException {
    boolean transacted = workload.transacted();
    Session session =
        connection.createSession(
            transacted, transacted ? Session.SESSION_TRANSACTED : Session.AUTO_ACKNOWLEDGE);
    MessageProducer producer = session.createProducer(session.createQueue(workload.queue()));
    producer.setDeliveryMode(
        workload.persistent() ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT);
    return new PerfProducer(session, producer, workload, quota, tally, schedule, failed);
  }

  /** Sends the quota (or until the schedule ends); a failure goes to the run's failure sink. */
  @Override
  public void run() {
    try {
      int open = 0;
      for (long sent = 0; sent < quota && tally.failure() == null && schedule.awaitTurn(sent); sent++) {
        BytesMessage message = session.createBytesMessage();
        message.writeBytes(body);
        message.setLongProperty(SEND_TIME, tally.noteSend());
        // Returns once the message is written, or blocks while the link has no credit.
        producer.send(message, completion);
        if (transactedBatch > 0 && ++open >= transactedBatch) {
          open = 0;
          session.commit();
        }
      }
      if (open > 0 && tally.failure() == null) session.commit();
    } catch (JMSException | RuntimeException e) {
      failed.accept(e);
    }
  }
}
