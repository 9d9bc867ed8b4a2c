package dev.jmsts.conformance;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.util.function.Consumer;

/**
 * One consumer of a {@code perf} run: its own session and a MessageListener that counts each message and its
 * latency, committing (transacted) or acknowledging (client) every batch, as jms-perf's jms-ts consumers do.
 */
final class PerfConsumer {
  private final Session session;
  private final PerfTally tally;
  private final Consumer<Throwable> failed;
  private final boolean transacted;
  private final int batch;
  /** Messages taken since the last commit or acknowledge; guarded by {@code this}. */
  private int open;
  private Message last;

  private PerfConsumer(Session session, PerfWorkload workload, PerfTally tally, Consumer<Throwable> failed) {
    this.session = session;
    this.tally = tally;
    this.failed = failed;
    this.transacted = workload.transacted();
    this.batch = workload.consumerBatch();
  }

  /** Opens the session and the consumer on the workload's queue and sets its listener. */
  static PerfConsumer open(
      Connection connection, PerfWorkload workload, PerfTally tally, Consumer<Throwable> failed)
      throws JMSException {
    Session session = connection.createSession(workload.transacted(), workload.consumerAckMode());
    PerfConsumer perf = new PerfConsumer(session, workload, tally, failed);
    MessageConsumer consumer = session.createConsumer(session.createQueue(workload.queue()));
    consumer.setMessageListener(perf::onMessage);
    return perf;
  }

  private synchronized void onMessage(Message message) {
    try {
      tally.noteReceive(
          message.propertyExists(PerfProducer.SEND_TIME)
              ? message.getLongProperty(PerfProducer.SEND_TIME)
              : -1);
      if (batch == 0) return;
      last = message;
      if (++open < batch) return;
      settle();
    } catch (JMSException | RuntimeException e) {
      failed.accept(e);
    }
  }

  /**
   * Commits or acknowledges what is still open, once the run has everything (the listener is idle then; the
   * lock keeps this apart from a late delivery all the same).
   */
  synchronized void finish() throws JMSException {
    if (open > 0) settle();
  }

  private void settle() throws JMSException {
    open = 0;
    if (transacted) session.commit();
    else last.acknowledge();
  }
}
