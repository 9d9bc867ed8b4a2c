import { installRheaPatches, rawBytesOf } from "@jms-ts/rhea-patches";
import type { AddressInfo, Server, Socket } from "node:net";
import rhea, { type Connection, type Delivery, type EventContext, type Receiver, type Sender } from "rhea";

/** An AMQP error as it travels in close, detach and rejected frames [AMQP 2.8.14]. */
export interface AmqpError {
  condition: string;
  description?: string;
}

/** The fields of the client's open frame [AMQP 2.7.1]. */
export interface RecordedOpen {
  containerId: string;
  hostname: string | undefined;
  desiredCapabilities: string[];
  offeredCapabilities: string[];
  properties: Record<string, unknown>;
  connection: Connection;
}

/** A source or target as the client sent it; symbol lists are normalised to arrays. */
export interface RecordedTerminus {
  address?: string;
  capabilities: string[];
  outcomes: string[];
  expiryPolicy?: string;
  durable?: number;
  dynamic?: boolean;
  defaultOutcome?: unknown;
  distributionMode?: string;
  /** Source filters by key, as rhea decoded them (described values keep `descriptor` and `value`). */
  filter?: Record<string, unknown>;
  dynamicNodeProperties?: Record<string, unknown>;
}

/** The fields of one attach the client sent [AMQP 2.7.3]. */
export interface RecordedAttach {
  /** The client's role on the link: "sender" for a producer, "receiver" for a consumer. */
  role: "sender" | "receiver";
  name: string;
  source: RecordedTerminus | null;
  target: RecordedTerminus | null;
  sndSettleMode: number | undefined;
  rcvSettleMode: number | undefined;
  desiredCapabilities: string[];
}

/** One message the client transferred, with its exact bytes. */
export interface RecordedTransfer {
  linkName: string;
  bytes: Buffer;
  settled: boolean;
  delivery: Delivery;
}

/** How the client settled a delivery the peer sent it [AMQP 3.4]. */
export interface RecordedDisposition {
  linkName: string;
  outcome: "accepted" | "rejected" | "released" | "modified" | undefined;
  deliveryFailed?: boolean;
  undeliverableHere?: boolean;
  settled: boolean;
}

/** What the peer does with a transfer from the client. */
export type TransferReply =
  | { outcome: "accept" }
  | { outcome: "reject"; error: AmqpError }
  | { outcome: "release" }
  /** Leaves it unsettled, so the client's send stays pending. */
  | { outcome: "hold" };

/** rhea's decoded terminus: snake_case fields, multiple-symbol fields as a value or an array. */
type RheaTerminus = Record<string, unknown> | null | undefined;

interface RheaAttach {
  name: string;
  snd_settle_mode?: number;
  rcv_settle_mode?: number;
  desired_capabilities?: unknown;
  source?: RheaTerminus;
  target?: RheaTerminus;
}

interface RheaLink {
  name: string;
  remote: { attach?: RheaAttach };
  set_source(fields: Record<string, unknown>): void;
  set_target(fields: Record<string, unknown>): void;
  close(error?: AmqpError): void;
}

const DEFAULT_WAIT_MS = 5000;

/**
 * A scripted AMQP 1.0 peer on 127.0.0.1, port 0, built on rhea's server side: it records what the client
 * sends (open, attach, transfer bytes, flow credit, dispositions) so tests can assert frames, like Qpid
 * JMS's TestAmqpPeer, and it can be told to refuse attaches, reject or release transfers, send messages to
 * consumers and close the connection with an error.
 */
export class ScriptedPeer {
  /** The refuseAttach key for a dynamic node request. */
  static readonly DYNAMIC = "(dynamic)";
  readonly opens: RecordedOpen[] = [];
  readonly attaches: RecordedAttach[] = [];
  readonly transfers: RecordedTransfer[] = [];
  readonly dispositions: RecordedDisposition[] = [];
  /** Capabilities offered in the peer's open frame, e.g. ANONYMOUS-RELAY [AMQP 2.7.1]; set before connecting. */
  offeredCapabilities: string[] = [];
  /** What to do with each transfer; accepts everything by default. */
  onTransfer: (transfer: RecordedTransfer) => TransferReply = () => ({ outcome: "accept" });
  /** Answers a client's drain at once (after anything already queued), as a broker with nothing more does. */
  answerDrains = true;
  /** Addresses handed out for dynamic targets and sources, in order. */
  readonly dynamicAddresses: string[] = [];
  /** Names of the links the client closed, in order. */
  readonly detaches: string[] = [];
  /** How many sessions the client ended. */
  sessionEnds = 0;
  /** Source addresses of the consumer links the client asked to drain (flow drain=true), in order. */
  readonly drainRequests: string[] = [];

  private readonly refusals = new Map<string, AmqpError>();
  /** Our end of the client's consumer links, by source address. */
  private readonly senders = new Map<string, Sender>();
  /** Our end of the client's producer links, by target address. */
  private readonly receivers = new Map<string, Receiver>();
  private readonly connections = new Set<Connection>();
  private readonly sockets = new Set<Socket>();
  private readonly settledDeliveries = new WeakSet<Delivery>();
  private readonly waiters = new Set<() => void>();

  private constructor(private readonly server: Server) {
    server.on("connection", (socket: Socket) => {
      this.sockets.add(socket);
      socket.once("close", () => this.sockets.delete(socket));
    });
  }

  static async start(): Promise<ScriptedPeer> {
    installRheaPatches();
    const container = rhea.create_container({ id: "scripted-peer" });
    (container.sasl_server_mechanisms as { enable_anonymous(): void }).enable_anonymous();
    container.on("error", () => undefined);
    const server = container.listen({
      port: 0,
      host: "127.0.0.1",
      receiver_options: { autoaccept: false, credit_window: 100 },
    } as never) as Server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.once("listening", () => resolve());
    });
    const peer = new ScriptedPeer(server);
    peer.listen(container);
    return peer;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The peer's address as a client URI, plus optional query options. */
  url(query = ""): string {
    return `amqp://127.0.0.1:${this.port}${query ? `?${query}` : ""}`;
  }

  // Scripting

  /**
   * The next attach naming `address` (as target or source) is answered with a null terminus and detached;
   * an attach without a source (Qpid JMS's unsubscribe lookup) is matched by its link name instead.
   */
  refuseAttach(address: string, error: AmqpError): void {
    this.refusals.set(address, error);
  }

  /** Sends encoded message bytes to the client's consumer on `address` once it has granted credit. */
  async sendTo(address: string, bytes: Buffer, timeoutMs = DEFAULT_WAIT_MS): Promise<Delivery> {
    const sender = await this.waitFor(
      `credit on a consumer link for "${address}"`,
      () => {
        const found = this.senders.get(address);
        return found?.sendable() ? found : undefined;
      },
      timeoutMs,
    );
    return sender.send(bytes, undefined, 0);
  }

  /** Closes every client connection with an error [AMQP 2.7.9]. */
  closeConnections(error: AmqpError): void {
    for (const connection of this.connections) connection.close(error);
  }

  /** Detaches the client's consumer ("receiver") or producer ("sender") link for `address` with an error. */
  detach(role: "sender" | "receiver", address: string, error: AmqpError): void {
    const link = role === "receiver" ? this.senders.get(address) : this.receivers.get(address);
    if (!link) throw new Error(`no ${role} link for "${address}"`);
    link.close(error);
  }

  /** Ends the AMQP session carrying the client's link for `address` with an error, as RabbitMQ does. */
  endSessionOf(role: "sender" | "receiver", address: string, error: AmqpError): void {
    const link = role === "receiver" ? this.senders.get(address) : this.receivers.get(address);
    if (!link) throw new Error(`no ${role} link for "${address}"`);
    link.session.close(error);
  }

  // Observing

  /** The credit the client has granted on its consumer link for `address` (0 if none yet). */
  creditFor(address: string): number {
    const sender = this.senders.get(address) as unknown as { credit: number } | undefined;
    return sender?.credit ?? 0;
  }

  /**
   * How many deliveries the client has allowed on its consumer link for `address` since the attach:
   * delivery-count plus link-credit [AMQP 2.6.7]. Unlike creditFor it does not lag behind sends the peer
   * has queued but not yet written.
   */
  creditLimitFor(address: string): number {
    const sender = this.senders.get(address) as unknown as
      { credit: number; delivery_count: number } | undefined;
    return sender ? sender.delivery_count + sender.credit : 0;
  }

  attachFor(role: "sender" | "receiver", address: string): RecordedAttach | undefined {
    return this.attaches.find(
      (a) => a.role === role && (role === "sender" ? a.target?.address : a.source?.address) === address,
    );
  }

  /**
   * Resolves with `check()`'s first defined result, re-checking after every event the peer records;
   * rejects naming `what` after `timeoutMs`.
   */
  waitFor<T>(what: string, check: () => T | undefined, timeoutMs = DEFAULT_WAIT_MS): Promise<T> {
    const now = check();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise<T>((resolve, reject) => {
      const recheck = () => {
        const value = check();
        if (value === undefined) return;
        done();
        resolve(value);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`scripted peer: no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(recheck);
      };
      this.waiters.add(recheck);
    });
  }

  /** Waits until `count` transfers arrived and returns the last of them. */
  async nextTransfer(count = this.transfers.length + 1): Promise<RecordedTransfer> {
    return this.waitFor(`transfer #${count}`, () =>
      this.transfers.length >= count ? this.transfers[count - 1] : undefined,
    );
  }

  async close(): Promise<void> {
    for (const connection of this.connections) {
      if (connection.is_open()) connection.close();
    }
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  // Handlers

  private listen(container: ReturnType<typeof rhea.create_container>): void {
    container.on("connection_open", (context: EventContext) => {
      const connection = context.connection;
      this.connections.add(connection);
      // Our open goes out on the next tick, so the capabilities can still be added to it.
      if (this.offeredCapabilities.length > 0) {
        const local = (connection as unknown as { local: { open: Record<string, unknown> } }).local;
        local.open["offered_capabilities"] = this.offeredCapabilities;
      }
      const open = (connection as unknown as { remote: { open: Record<string, unknown> } }).remote.open;
      this.opens.push({
        containerId: String(open["container_id"]),
        hostname: open["hostname"] as string | undefined,
        desiredCapabilities: symbols(open["desired_capabilities"]),
        offeredCapabilities: symbols(open["offered_capabilities"]),
        properties: (open["properties"] ?? {}) as Record<string, unknown>,
        connection,
      });
      this.changed();
    });
    const forget = (context: EventContext) => {
      this.connections.delete(context.connection);
      this.changed();
    };
    container.on("connection_close", forget);
    container.on("disconnected", forget);
    // The client's sender is our receiver, and its receiver our sender.
    container.on("receiver_open", (context: EventContext) =>
      this.onAttach("sender", context.receiver as Receiver),
    );
    container.on("sender_open", (context: EventContext) =>
      this.onAttach("receiver", context.sender as Sender),
    );
    container.on("message", (context: EventContext) => this.onMessage(context));
    container.on("sender_flow", () => this.changed());
    container.on("sendable", () => this.changed());
    for (const event of ["sender_close", "receiver_close"]) {
      container.on(event, (context: EventContext) => {
        const link = context.sender ?? context.receiver;
        if (link) this.detaches.push(link.name);
      });
    }
    container.on("sender_draining", (context: EventContext) => {
      const source = (context.sender as unknown as { remote: { attach?: RheaAttach } }).remote.attach?.source;
      this.drainRequests.push(String(source?.["address"]));
      if (this.answerDrains) (context.sender as Sender).set_drained(true);
      this.changed();
    });
    for (const outcome of ["accepted", "rejected", "released", "modified", "settled"]) {
      container.on(outcome, (context: EventContext) => this.onDisposition(context));
    }
    container.on("session_close", () => this.sessionEnds++);
    for (const event of [
      "sender_close",
      "receiver_close",
      "session_close",
      "sender_error",
      "receiver_error",
    ]) {
      container.on(event, () => this.changed());
    }
  }

  private onAttach(role: "sender" | "receiver", link: Sender | Receiver): void {
    const rheaLink = link as unknown as RheaLink;
    const attach = rheaLink.remote.attach ?? { name: link.name };
    const recorded: RecordedAttach = {
      role,
      name: attach.name,
      source: terminus(attach.source),
      target: terminus(attach.target),
      sndSettleMode: attach.snd_settle_mode,
      rcvSettleMode: attach.rcv_settle_mode,
      desiredCapabilities: symbols(attach.desired_capabilities),
    };
    this.attaches.push(recorded);
    const address = role === "sender" ? recorded.target?.address : recorded.source?.address;
    // A dynamic target has no address yet: refuseAttach(ScriptedPeer.DYNAMIC, ...) refuses it.
    const lookup = role === "receiver" && recorded.source === null ? recorded.name : undefined;
    const key = address ?? (recorded.target?.dynamic ? ScriptedPeer.DYNAMIC : lookup);
    const refusal = key === undefined ? undefined : this.refusals.get(key);
    if (refusal && key !== undefined) {
      // A null terminus in the reply, then the detach with the reason [AMQP 2.6.3].
      this.refusals.delete(key);
      rheaLink.close(refusal);
    } else if (role === "sender" && recorded.target?.dynamic) {
      // A dynamic node: the peer names it in its reply [AMQP 3.5.4].
      const assigned = `dynamic-${this.dynamicAddresses.length + 1}`;
      this.dynamicAddresses.push(assigned);
      rheaLink.set_target({ address: assigned, dynamic: true, capabilities: recorded.target.capabilities });
      rheaLink.set_source({});
      this.receivers.set(assigned, link as Receiver);
    } else if (role === "sender") {
      rheaLink.set_target({ address, capabilities: recorded.target?.capabilities });
      rheaLink.set_source({ address: recorded.source?.address });
      if (address !== undefined) this.receivers.set(address, link as Receiver);
    } else {
      rheaLink.set_source({ address, capabilities: recorded.source?.capabilities });
      rheaLink.set_target({});
      if (address !== undefined) this.senders.set(address, link as Sender);
    }
    this.changed();
  }

  private onMessage(context: EventContext): void {
    const delivery = context.delivery as Delivery;
    const bytes = rawBytesOf(context.message);
    if (!bytes) throw new Error("scripted peer: the raw-bytes hook is not installed on this rhea");
    const transfer: RecordedTransfer = {
      linkName: (context.receiver as Receiver).name,
      bytes,
      settled: delivery.remote_settled,
      delivery,
    };
    this.transfers.push(transfer);
    const reply = this.onTransfer(transfer);
    if (reply.outcome === "accept") delivery.accept();
    else if (reply.outcome === "reject") delivery.reject(reply.error);
    else if (reply.outcome === "release") delivery.release();
    this.changed();
  }

  private onDisposition(context: EventContext): void {
    const delivery = context.delivery;
    if (!delivery || this.settledDeliveries.has(delivery)) return;
    this.settledDeliveries.add(delivery);
    const state = delivery.remote_state as
      { delivery_failed?: boolean; undeliverable_here?: boolean } | undefined;
    const type = (state?.constructor as { composite_type?: string } | undefined)?.composite_type;
    this.dispositions.push({
      linkName: (context.sender as Sender).name,
      outcome: isOutcome(type) ? type : undefined,
      ...(state?.delivery_failed === undefined ? {} : { deliveryFailed: state.delivery_failed }),
      ...(state?.undeliverable_here === undefined ? {} : { undeliverableHere: state.undeliverable_here }),
      settled: Boolean(delivery.remote_settled),
    });
    this.changed();
  }

  private changed(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

function isOutcome(type: string | undefined): type is "accepted" | "rejected" | "released" | "modified" {
  return type === "accepted" || type === "rejected" || type === "released" || type === "modified";
}

/** A multiple-symbol field [AMQP 1.4] as an array, however it was encoded. */
function symbols(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

function terminus(value: RheaTerminus): RecordedTerminus | null {
  if (!value || isNull(value)) return null;
  const result: RecordedTerminus = {
    capabilities: symbols(value["capabilities"]),
    outcomes: symbols(value["outcomes"]),
  };
  if (typeof value["address"] === "string") result.address = value["address"];
  if (typeof value["expiry_policy"] === "string") result.expiryPolicy = value["expiry_policy"];
  if (typeof value["durable"] === "number") result.durable = value["durable"];
  if (typeof value["dynamic"] === "boolean") result.dynamic = value["dynamic"];
  if (!isNull(value["default_outcome"])) result.defaultOutcome = value["default_outcome"];
  if (typeof value["distribution_mode"] === "string") result.distributionMode = value["distribution_mode"];
  if (!isNull(value["filter"])) result.filter = value["filter"] as Record<string, unknown>;
  if (!isNull(value["dynamic_node_properties"])) {
    result.dynamicNodeProperties = value["dynamic_node_properties"] as Record<string, unknown>;
  }
  return result;
}

/** rhea decodes some absent composite fields as a typed AMQP null object rather than null. */
function isNull(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  const type = (value as { type?: { name?: unknown } }).type;
  return typeof value === "object" && type?.name === "Null";
}
