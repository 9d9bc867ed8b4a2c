// Promise helpers for driving the broker with plain rhea clients in AMQP-level tests. Every wait is an
// event with a bound; nothing sleeps to synchronise. CONVENTIONS.md "Tests" rules 20 and 22.
import { type Broker, type BrokerOptions, createBroker } from "@jms-ts/broker";
import { amqp, decodeMessage, encodeMessage } from "@jms-ts/codec";
import { installRheaPatches, rawBytesOf } from "@jms-ts/rhea-patches";
import rhea from "rhea";
import type {
  AmqpError,
  Connection,
  Delivery,
  EventContext,
  Receiver,
  ReceiverOptions,
  Sender,
  SenderOptions,
} from "rhea";

installRheaPatches();

/** The bound on every wait, well under vitest's test timeout so a hang fails with a clear message. */
export const WAIT_MS = 5_000;

/** Settles like `promise`, or rejects naming `what` once `ms` have passed. */
export async function within<T>(promise: Promise<T>, what: string, ms = WAIT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

interface Emitter {
  once(event: string, listener: (context: EventContext) => void): unknown;
  removeListener(event: string, listener: (context: EventContext) => void): unknown;
}

/** The next `event` on `emitter`, within the bound. */
export async function nextEvent(emitter: Emitter, event: string, ms = WAIT_MS): Promise<EventContext> {
  let listener: (context: EventContext) => void = () => undefined;
  const fired = new Promise<EventContext>((resolve) => (listener = resolve));
  emitter.once(event, listener);
  try {
    return await within(fired, event, ms);
  } finally {
    emitter.removeListener(event, listener);
  }
}

/**
 * Waits until `check()` holds, re-checking as the event loop turns. Only for broker state that has no
 * event of its own (a connection count after a socket drop); prefer events and `roundTrip()`.
 */
export async function eventually(check: () => boolean, what: string, ms = WAIT_MS): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** A message with a string message-id and a string amqp-value body. */
export function textMessage(id: string): Buffer {
  return encodeMessage({
    properties: { messageId: amqp.string(id) },
    body: { kind: "value", value: amqp.string(`body of ${id}`) },
  });
}

/** The string message-id of an encoded message. */
export function idOf(bytes: Buffer): string | undefined {
  const id = decodeMessage(bytes).properties?.messageId;
  return id?.type === "string" ? id.value : undefined;
}

/** The header delivery-count of an encoded message; undefined when absent (which means 0 [AMQP 3.2.1]). */
export function deliveryCountOf(bytes: Buffer): number | undefined {
  return decodeMessage(bytes).header?.deliveryCount;
}

export interface Received {
  /** The payload exactly as it came off the wire. */
  readonly bytes: Buffer;
  readonly delivery: Delivery;
}

export type Outcome = "accepted" | "rejected" | "released" | "modified";

/** A sending link plus the outcome of every delivery sent on it. */
export class SenderProbe {
  private readonly pending = new Map<Delivery, (outcome: Outcome) => void>();

  constructor(readonly link: Sender) {
    for (const outcome of ["accepted", "rejected", "released", "modified"] as const) {
      link.on(outcome, (context: EventContext) => {
        const resolve = context.delivery && this.pending.get(context.delivery);
        if (!resolve || !context.delivery) return;
        this.pending.delete(context.delivery);
        resolve(outcome);
      });
    }
  }

  /** Sends pre-encoded message bytes as format 0 and resolves with the broker's outcome [AMQP 3.4]. */
  async send(bytes: Buffer): Promise<Outcome> {
    const delivery = this.link.send(bytes, undefined, 0);
    return within(
      new Promise<Outcome>((resolve) => this.pending.set(delivery, resolve)),
      "the outcome of a transfer",
    );
  }

  /** Sends each message after the previous one was settled, so the broker handles each in its own turn. */
  async sendAll(messages: Buffer[]): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    for (const bytes of messages) outcomes.push(await this.send(bytes));
    return outcomes;
  }
}

/** A receiving link that records every message with its raw bytes. */
export class ReceiverProbe {
  readonly received: Received[] = [];
  private readonly waiters = new Set<() => void>();

  constructor(readonly link: Receiver) {
    link.on("message", (context: EventContext) => {
      const bytes = rawBytesOf(context.message);
      if (!bytes || !context.delivery) return;
      this.received.push({ bytes, delivery: context.delivery });
      for (const wake of this.waiters) wake();
    });
  }

  /** The message-ids received so far, in arrival order. */
  get ids(): Array<string | undefined> {
    return this.received.map((message) => idOf(message.bytes));
  }

  /** Resolves with all messages once at least `count` have arrived in total. */
  async count(count: number, ms = WAIT_MS): Promise<Received[]> {
    let wake: () => void = () => undefined;
    const reached = new Promise<void>((resolve) => {
      wake = () => {
        if (this.received.length >= count) resolve();
      };
      this.waiters.add(wake);
      wake();
    });
    try {
      await within(reached, `${count} messages (have ${this.received.length})`, ms);
    } finally {
      this.waiters.delete(wake);
    }
    return this.received;
  }

  /** Resolves with the next message to arrive after the ones already received. */
  async next(ms = WAIT_MS): Promise<Received> {
    const all = await this.count(this.received.length + 1, ms);
    return all[all.length - 1] as Received;
  }
}

/** The link credit rhea holds for a link (a field its typings leave out). */
export function creditOf(link: Receiver | Sender): number {
  return (link as unknown as { credit: number }).credit;
}

/**
 * True when the peer attached with no terminus [AMQP 2.6.3]: rhea hands a null terminus back as a typed
 * null (an object whose `value` is null), a real one as a composite.
 */
export function isNullTerminus(terminus: unknown): boolean {
  return terminus === null || terminus === undefined || (terminus as { value?: unknown }).value === null;
}

/** Why the peer closed a link or connection, read from the detach or close it sent [AMQP 2.8.14]. */
export function remoteError(endpoint: { readonly error?: AmqpError | Error }): AmqpError | undefined {
  const error = endpoint.error;
  return error && !(error instanceof Error) ? error : undefined;
}

/** The error an attach was refused with (the cause `openSender`/`openReceiver` reject with). */
export async function attachRefusal(attach: Promise<unknown>): Promise<AmqpError> {
  const outcome = await attach.then(
    () => undefined,
    (error: unknown) => (error instanceof Error ? (error.cause as AmqpError | undefined) : undefined),
  );
  if (!outcome) throw new Error("expected the attach to be refused with an error");
  return outcome;
}

/** The connection options the tests vary (rhea's own type is a TCP/TLS union that `{}` cannot satisfy). */
export interface ClientOptions {
  /** The largest frame this client accepts [AMQP 2.7.1]. */
  max_frame_size?: number;
}

/** One rhea client connection to the broker (SASL ANONYMOUS, no reconnect). */
export class TestClient {
  /** Every error event rhea raised on this connection, by event name. */
  readonly errors: string[] = [];

  private constructor(readonly connection: Connection) {}

  static async connect(port: number, options: ClientOptions = {}): Promise<TestClient> {
    const container = rhea.create_container();
    // An unhandled 'error' on a container throws; tests assert on what they expect instead.
    container.on("error", () => undefined);
    const connection = container.connect({ host: "127.0.0.1", port, reconnect: false, ...options });
    const client = new TestClient(connection);
    for (const event of ["connection_error", "session_error", "sender_error", "receiver_error"]) {
      connection.on(event, () => client.errors.push(event));
    }
    connection.on("protocol_error", () => client.errors.push("protocol_error"));
    connection.on("disconnected", () => undefined);
    const opened = new Promise<void>((resolve, reject) => {
      connection.once("connection_open", () => resolve());
      connection.once("disconnected", (context: EventContext) =>
        reject(context.error ?? new Error("disconnected before the connection opened")),
      );
    });
    await within(opened, "connection_open");
    return client;
  }

  /** Attaches a sending link and waits for the broker's attach; rejects with the refusal if it detaches. */
  async openSender(target: string | SenderOptions): Promise<SenderProbe> {
    const options = typeof target === "string" ? { target: { address: target } } : target;
    const link = this.connection.open_sender(options);
    await awaitAttach(link, "sender", () => !isNullTerminus(link.target));
    return new SenderProbe(link);
  }

  /**
   * Attaches a receiving link with no credit and manual settlement (grant credit with
   * `probe.link.add_credit(n)`) and waits for the broker's attach.
   */
  async openReceiver(source: string | ReceiverOptions): Promise<ReceiverProbe> {
    const options = typeof source === "string" ? { source: { address: source } } : source;
    const link = this.connection.open_receiver({ credit_window: 0, autoaccept: false, ...options });
    const probe = new ReceiverProbe(link);
    await awaitAttach(link, "receiver", () => !isNullTerminus(link.source));
    return probe;
  }

  /**
   * A begin/end round trip on a fresh session. The broker handles frames in order and writes its replies
   * in order, so once this resolves it has processed every frame this client sent before, and this
   * client has seen every frame the broker sent in reply to them.
   */
  async roundTrip(): Promise<void> {
    const session = this.connection.create_session();
    const opened = nextEvent(session, "session_open");
    session.begin();
    await opened;
    const ended = nextEvent(session, "session_close");
    session.close();
    await ended;
  }

  /** Drops the TCP connection with no AMQP close, as a crashed client would. */
  destroy(): void {
    (this.connection as { socket?: { destroy(): void } }).socket?.destroy();
  }

  /** Closes the connection cleanly if it is still open; always ends with the socket gone. */
  async close(): Promise<void> {
    const socket = (this.connection as { socket?: { destroyed: boolean; destroy(): void } }).socket;
    if (this.connection.is_open() && socket && !socket.destroyed) {
      const closed = new Promise<void>((resolve) => {
        this.connection.once("connection_close", () => resolve());
        this.connection.once("disconnected", () => resolve());
      });
      this.connection.close();
      await within(closed, "connection_close").catch(() => undefined);
    }
    socket?.destroy();
  }
}

/**
 * Resolves when the broker answers the attach with a usable terminus. A broker that refuses an attach
 * replies with a null terminus and then detaches with the reason [AMQP 2.6.3]: that rejects with the
 * error the broker gave.
 */
async function awaitAttach(
  link: Sender | Receiver,
  role: "sender" | "receiver",
  accepted: () => boolean,
): Promise<void> {
  let cleanup = () => undefined as void;
  const attached = new Promise<void>((resolve, reject) => {
    const onOpen = () => {
      if (!accepted()) return;
      cleanup();
      resolve();
    };
    const onClose = () => {
      cleanup();
      const error = remoteError(link);
      reject(new Error(`${role} attach refused: ${error?.condition ?? "no error"}`, { cause: error }));
    };
    cleanup = () => {
      link.removeListener(`${role}_open`, onOpen);
      link.removeListener(`${role}_close`, onClose);
    };
    link.on(`${role}_open`, onOpen);
    link.on(`${role}_close`, onClose);
  });
  await within(attached, `${role}_open`);
}

/** A broker on a free port plus the clients a test opened, all closed by `stop()`. */
export class BrokerFixture {
  private current: Broker | undefined;
  private readonly clients: TestClient[] = [];

  get broker(): Broker {
    if (!this.current) throw new Error("the broker is not running: call start() in beforeEach");
    return this.current;
  }

  async start(options: Omit<BrokerOptions, "port"> = {}): Promise<void> {
    this.current = await createBroker({ ...options, port: 0 });
  }

  async client(options: ClientOptions = {}): Promise<TestClient> {
    const client = await TestClient.connect(this.broker.port, options);
    this.clients.push(client);
    return client;
  }

  async stop(): Promise<void> {
    await Promise.all(this.clients.splice(0).map((client) => client.close()));
    await this.current?.close();
    this.current = undefined;
  }
}
