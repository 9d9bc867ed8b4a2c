import rhea, { type Connection, type ConnectionOptions, type EventContext } from "rhea";
import type { PerfCounters } from "./perf-counters";
import { producerSchedule } from "./send-schedule";
import { type ClientRun, type ClientRunner, connectionOf, SEND_TIME, type Workload } from "./workload";

/**
 * The workload through raw rhea, as quiver's rhea arrow runs it: a sender sends while `sendable()` (one
 * data section of x's, SendTime as a long application property, counting `accepted`), a receiver with
 * `credit_window` = prefetch and rhea's auto-accept. Links ask for the `queue` capability so brokers
 * that route by capability (Artemis) make a queue, as a JMS client would.
 */
export const runRhea: ClientRunner = async (workload, counters) => {
  const { options } = workload;
  const connections: Connection[] = [];
  const close = () => Promise.all(connections.map(closeConnection)).then(() => undefined);
  try {
    const used = Math.min(options.connections, options.producers + options.consumers);
    for (let i = 0; i < used; i++) connections.push(await connect(workload, counters, i));
    const on = (role: "consumer" | "producer", index: number) =>
      connections[connectionOf(role, index, options)] as Connection;
    const receivers = [];
    for (let i = 0; i < options.consumers; i++)
      receivers.push(openReceiver(on("consumer", i), workload, counters));
    await Promise.all(receivers);
    const senders = [];
    for (let i = 0; i < options.producers; i++)
      senders.push(runSender(on("producer", i), workload, counters, workload.quotas[i] ?? 0));
    const sending = Promise.all(senders).then(() => undefined);
    sending.catch((error: unknown) =>
      counters.fail(error instanceof Error ? error : new Error(String(error))),
    );
    const run: ClientRun = { sending, finish: () => Promise.resolve(), close };
    return run;
  } catch (error) {
    await close();
    throw error;
  }
};

/** rhea reads `tcp_no_delay` though its typings leave it out. */
type ConnectOptions = ConnectionOptions & { host: string; port: number; tcp_no_delay: boolean };

function connectOptions(workload: Workload, index: number): ConnectOptions {
  const url = new URL(workload.url);
  const tls = url.protocol === "amqps:";
  const username = workload.username ?? (url.username ? decodeURIComponent(url.username) : undefined);
  const password = workload.password ?? (url.password ? decodeURIComponent(url.password) : undefined);
  return {
    host: url.hostname.replace(/^\[|\]$/g, ""),
    port: url.port ? Number(url.port) : tls ? 5671 : 5672,
    ...(tls ? { transport: "tls" as const, rejectUnauthorized: false } : {}),
    ...(username === undefined ? {} : { username }),
    ...(password === undefined ? {} : { password }),
    container_id: `jms-perf-rhea-${process.pid}-${index}`,
    reconnect: false,
    // rhea leaves Nagle on for connections that only send, which stalls small writes [rhea.md 1.14].
    tcp_no_delay: true,
  };
}

/** Opens a connection; rejects with one line when the broker cannot be reached or refuses it. */
function connect(workload: Workload, counters: PerfCounters, index: number): Promise<Connection> {
  const options = connectOptions(workload, index);
  return new Promise((resolve, reject) => {
    const connection = rhea.create_container().connect(options);
    let opened = false;
    connection.on("connection_open", () => {
      opened = true;
      resolve(connection);
    });
    const failed = (context: EventContext) => {
      const why = describe(context.error ?? context.connection.error) ?? "the connection closed";
      const error = new Error(`cannot connect to amqp://${options.host}:${options.port}: ${why}`);
      if (opened) counters.fail(error);
      else reject(error);
    };
    connection.on("connection_error", failed);
    connection.on("disconnected", (context: EventContext) => {
      if (!closing.has(connection)) failed(context);
    });
    // An error event without a listener would throw; the events above report it.
    connection.on("error", () => undefined);
  });
}

const closing = new WeakSet<Connection>();

function closeConnection(connection: Connection): Promise<void> {
  closing.add(connection);
  if (!connection.is_open()) return Promise.resolve();
  return new Promise((resolve) => {
    connection.once("connection_close", () => resolve());
    connection.once("disconnected", () => resolve());
    connection.close();
  });
}

function openReceiver(connection: Connection, workload: Workload, counters: PerfCounters): Promise<void> {
  return new Promise((resolve, reject) => {
    const receiver = connection.open_receiver({
      source: { address: workload.address, capabilities: ["queue"] },
      credit_window: workload.options.prefetch,
      autoaccept: true,
    });
    receiver.once("receiver_open", () => resolve());
    receiver.on("receiver_error", (context: EventContext) => {
      const error = new Error(
        `receiver on ${workload.address}: ${describe(context.receiver?.error) ?? "closed"}`,
      );
      reject(error);
      counters.fail(error);
    });
    receiver.on("message", (context: EventContext) => {
      const properties = context.message?.application_properties as Record<string, unknown> | undefined;
      const sendTime = properties?.[SEND_TIME];
      counters.noteReceive(typeof sendTime === "number" ? sendTime : NaN);
    });
  });
}

/** Sends `quota` messages (until `stop` without one); resolves once the last one was handed to rhea. */
function runSender(
  connection: Connection,
  workload: Workload,
  counters: PerfCounters,
  quota: number,
): Promise<void> {
  const { persistent } = workload.options;
  const body = rhea.message.data_section(workload.body) as unknown;
  const schedule = producerSchedule(workload.options);
  return new Promise((resolve, reject) => {
    let sent = 0;
    // Set while a timer waits for the schedule's next send.
    let waiting: (() => void) | undefined;
    const done = () => sent >= quota || workload.stop.aborted || counters.failure !== undefined;
    const sender = connection.open_sender({ target: { address: workload.address, capabilities: ["queue"] } });
    const pump = () => {
      while (!done() && sender.sendable() && (schedule === undefined || schedule.due() > 0)) {
        sender.send({
          ...(persistent ? { durable: true } : {}),
          application_properties: { [SEND_TIME]: rhea.types.wrap_long(counters.noteSend()) },
          body,
        });
        schedule?.take();
        sent++;
      }
      if (done()) return resolve();
      // Credit left but nothing due: come back when the next send is (no credit: "sendable" calls back).
      if (schedule && sender.sendable() && !waiting)
        waiting = schedule.whenDue(() => {
          waiting = undefined;
          pump();
        });
    };
    workload.stop.addEventListener(
      "abort",
      () => {
        waiting?.();
        resolve();
      },
      { once: true },
    );
    sender.on("sendable", pump);
    sender.on("accepted", () => counters.noteSettled());
    const refused = (what: string) => (context: EventContext) => {
      const condition = context.delivery?.remote_state as { error?: unknown } | undefined;
      counters.fail(
        new Error(
          `the broker ${what} a message${describe(condition?.error) ? `: ${describe(condition?.error)}` : ""}`,
        ),
      );
    };
    sender.on("rejected", refused("rejected"));
    sender.on("released", refused("released"));
    sender.on("modified", refused("modified"));
    sender.on("sender_error", (context: EventContext) => {
      const error = new Error(
        `sender on ${workload.address}: ${describe(context.sender?.error) ?? "closed"}`,
      );
      reject(error);
      counters.fail(error);
    });
    if (quota === 0) resolve();
  });
}

/** One line from an AMQP error condition or a socket error. */
function describe(error: unknown): string | undefined {
  if (error === undefined || error === null) return undefined;
  if (error instanceof Error) return error.message;
  const condition = error as { condition?: unknown; description?: unknown };
  if (typeof condition.condition === "string")
    return [condition.condition, condition.description].filter((p) => typeof p === "string").join(" ");
  return typeof error === "string" ? error : JSON.stringify(error);
}
