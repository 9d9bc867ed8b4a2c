import {
  type CompletionListener,
  type Connection,
  ConnectionFactory,
  DeliveryMode,
  type Message,
  Session,
} from "@jms-ts/client";
import { withOption } from "../cases/connections";
import type { PerfCounters } from "./perf-counters";
import type { PerfAck } from "./perf-options";
import { producerSchedule } from "./send-schedule";
import { type ClientRun, type ClientRunner, connectionOf, SEND_TIME, type Workload } from "./workload";

const ACK_MODES: Record<PerfAck, number> = {
  auto: Session.AUTO_ACKNOWLEDGE,
  client: Session.CLIENT_ACKNOWLEDGE,
  "dups-ok": Session.DUPS_OK_ACKNOWLEDGE,
};

interface PerfConsumer {
  /** Commits or acknowledges what is still open, once the run has everything. */
  finish(): Promise<void>;
}

/**
 * The workload through the jms-ts JMS API: one session per producer and consumer, BytesMessages with the
 * send time in a long property, asynchronous sends (a CompletionListener counts the broker's accepts; the
 * producer's byte window bounds what is in flight) and a MessageListener per consumer.
 */
export const runJmsTs: ClientRunner = async (workload, counters) => {
  const { options } = workload;
  const factory = new ConnectionFactory(
    withOption(workload.url, `jms.prefetchPolicy.all=${options.prefetch}`),
  );
  const connections: Connection[] = [];
  const close = async () => {
    await Promise.allSettled(connections.map((c) => c.close()));
  };
  try {
    const used = Math.min(options.connections, options.producers + options.consumers);
    for (let i = 0; i < used; i++) {
      const connection = await factory.createConnection(workload.username, workload.password);
      connection.setExceptionListener((error) => counters.fail(error));
      connections.push(connection);
    }
    const on = (role: "consumer" | "producer", index: number) =>
      connections[connectionOf(role, index, options)] as Connection;
    const consumers: PerfConsumer[] = [];
    for (let i = 0; i < options.consumers; i++)
      consumers.push(await openConsumer(on("consumer", i), workload, counters));
    for (const connection of connections) await connection.start();
    const producers: ((quota: number) => Promise<void>)[] = [];
    for (let i = 0; i < options.producers; i++)
      producers.push(await openProducer(on("producer", i), workload, counters));
    const sending = Promise.all(producers.map((run, i) => run(workload.quotas[i] ?? 0))).then(
      () => undefined,
    );
    // A producer failure also ends the consumers' wait.
    sending.catch((error: unknown) => counters.fail(asError(error)));
    const run: ClientRun = {
      sending,
      finish: async () => {
        await Promise.all(consumers.map((c) => c.finish()));
      },
      close,
    };
    return run;
  } catch (error) {
    await close();
    throw error;
  }
};

async function openConsumer(
  connection: Connection,
  workload: Workload,
  counters: PerfCounters,
): Promise<PerfConsumer> {
  const { transactedBatch, ack, prefetch } = workload.options;
  const transacted = transactedBatch > 0;
  const session = await connection.createSession(
    transacted,
    transacted ? Session.SESSION_TRANSACTED : ACK_MODES[ack],
  );
  const consumer = await session.createConsumer(session.createQueue(workload.address));
  const clientAck = !transacted && ack === "client";
  const batch = transacted ? transactedBatch : Math.max(1, Math.floor(prefetch / 2));
  let open = 0;
  let last: Message | undefined;
  // The listener's commit or acknowledge in progress: finish waits for it before closing.
  let settling: Promise<void> = Promise.resolve();
  const settle = (message: Message): Promise<void> => (transacted ? session.commit() : message.acknowledge());
  consumer.setMessageListener((message) => {
    counters.noteReceive(sendTimeOf(message));
    if (!transacted && !clientAck) return;
    last = message;
    if (++open < batch) return;
    open = 0;
    settling = settle(message);
    return settling;
  });
  return {
    finish: async () => {
      await settling;
      if (open > 0 && last) await settle(last);
      open = 0;
    },
  };
}

async function openProducer(
  connection: Connection,
  workload: Workload,
  counters: PerfCounters,
): Promise<(quota: number) => Promise<void>> {
  const { transactedBatch, persistent } = workload.options;
  const transacted = transactedBatch > 0;
  const session = await connection.createSession(
    transacted,
    transacted ? Session.SESSION_TRANSACTED : Session.AUTO_ACKNOWLEDGE,
  );
  const producer = await session.createProducer(session.createQueue(workload.address));
  producer.setDeliveryMode(persistent ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT);
  const listener: CompletionListener = {
    onCompletion: () => counters.noteSettled(),
    onException: (_message, error) => counters.fail(error),
  };
  return async (quota) => {
    const schedule = producerSchedule(workload.options);
    let open = 0;
    for (let sent = 0; sent < quota && !workload.stop.aborted && !counters.failure; sent++) {
      if (schedule) {
        await schedule.next(workload.stop);
        if (workload.stop.aborted) break;
      }
      const message = session.createBytesMessage();
      message.writeBytes(workload.body);
      message.setLongProperty(SEND_TIME, counters.noteSend());
      // Resolves once written (or waits while the byte window or credit is full): async send.
      await producer.send(message, listener);
      if (transacted && ++open >= transactedBatch) {
        open = 0;
        await session.commit();
      }
    }
    if (open > 0) await session.commit();
  };
}

function sendTimeOf(message: Message): number {
  return message.propertyExists(SEND_TIME) ? Number(message.getLongProperty(SEND_TIME)) : NaN;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
