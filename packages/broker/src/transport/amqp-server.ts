import { installRheaPatches } from "@jms-ts/rhea-patches";
import rhea from "rhea";
import type { BrokerContext } from "../handlers/broker-context";
import { ConnectionCapability, ConnectionProperty } from "./amqp-symbols";
import { Condition } from "./amqp-symbols";
import { Listener, type ListenOptions } from "./listener";
import { registerHandlers } from "./register-handlers";
import { installSaslServer, type SaslServerOptions } from "./sasl/server-mechanisms";
import { type BrokerTlsOptions, tlsListenOptions } from "./tls-options";
import { WsListener } from "./ws-listener";

/** Qpid JMS's default; a peer sending larger frames is disconnected with a framing error. */
export const DEFAULT_MAX_FRAME_SIZE = 1024 * 1024;
/** Advertised idle time-out [AMQP 2.4.5]: peers send a frame at least this often (rhea gives twice it). */
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;

export interface AmqpServerOptions extends ListenOptions, SaslServerOptions {
  containerId: string;
  productVersion: string;
  maxFrameSize?: number;
  idleTimeoutMs?: number;
  /** Advertised as channel-max [AMQP 2.7.1]; the session handler enforces it. */
  maxSessionsPerConnection?: number;
  /** A second, TLS listener (docs/decisions/0009). */
  tls?: BrokerTlsOptions;
  /** An AMQP-over-WebSocket listener (needs the `ws` package). */
  ws?: { port?: number };
}

/**
 * The AMQP 1.0 endpoint of the broker: one rhea container, handlers per event, a plain listener and
 * optionally a TLS one; SASL ANONYMOUS without users, SCRAM and PLAIN with them, EXTERNAL over TLS.
 */
export class AmqpServer {
  private constructor(
    private readonly listener: Listener,
    private readonly broker: BrokerContext,
    private readonly tlsListener: Listener | undefined,
    private readonly wsListener: WsListener | undefined,
  ) {}

  static async start(broker: BrokerContext, options: AmqpServerOptions): Promise<AmqpServer> {
    installRheaPatches();
    const container = rhea.create_container({ id: options.containerId });
    // rhea types its server mechanism table as any: a plain name → factory map, offered in key order.
    installSaslServer(container, options, broker.logger);
    registerHandlers(container, broker);
    const defaults = {
      // Advertised and, through @jms-ts/rhea-patches, enforced on input [AMQP 2.7.1].
      max_frame_size: options.maxFrameSize ?? DEFAULT_MAX_FRAME_SIZE,
      idle_time_out: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
      ...(options.maxSessionsPerConnection === undefined
        ? {}
        : { channel_max: options.maxSessionsPerConnection - 1 }),
      properties: {
        [ConnectionProperty.product]: "jms-ts-broker",
        [ConnectionProperty.version]: options.productVersion,
      },
      // A sender with a target that has no address routes by each message's `to` [AMQP 2.7.1, 3.5.4];
      // queues hold back messages with a delivery time [qpid-jms delivery delay]; JMS 2.0 shared
      // subscriptions are supported [qpid-jms 2.7].
      offered_capabilities: [
        ConnectionCapability.anonymousRelay,
        ConnectionCapability.delayedDelivery,
        ConnectionCapability.sharedSubs,
      ],
      // The broker settles incoming messages itself, once it has stored them, and grants producer credit
      // itself (transport/producer-link.ts).
      receiver_options: { autoaccept: false, credit_window: 0 },
    };
    const listener = await Listener.open(container, options, defaults);
    let tlsListener: Listener | undefined;
    let wsListener: WsListener | undefined;
    try {
      if (options.tls) {
        const tlsPort = { host: options.host, port: options.tls.port ?? 5671 };
        tlsListener = await Listener.open(container, tlsPort, {
          ...defaults,
          ...tlsListenOptions(options.tls),
        });
      }
      if (options.ws) {
        const wsPort = { host: options.host, port: options.ws.port ?? 5673 };
        wsListener = await WsListener.open(container, wsPort, defaults);
      }
    } catch (error) {
      await Promise.all([listener.close(), tlsListener?.close()]);
      throw error;
    }
    return new AmqpServer(listener, broker, tlsListener, wsListener);
  }

  /** The WebSocket listener's port, when there is one. */
  get wsPort(): number | undefined {
    return this.wsListener?.port;
  }

  /** The TLS listener's port, when there is one. */
  get tlsPort(): number | undefined {
    return this.tlsListener?.address.port;
  }

  get port(): number {
    return this.listener.address.port;
  }

  get connectionCount(): number {
    return this.broker.connections.size;
  }

  /** Tells every client the broker is going away [AMQP 2.8.16 connection:forced], then stops listening. */
  async close(): Promise<void> {
    for (const connection of this.broker.connections.keys()) {
      connection.close({ condition: Condition.connectionForced, description: "the broker is shutting down" });
    }
    this.broker.connections.clear();
    await Promise.all([this.listener.close(), this.tlsListener?.close(), this.wsListener?.close()]);
  }
}
