import { installRheaPatches } from "@jms-ts/rhea-patches";
import rhea from "rhea";
import type { BrokerContext } from "../handlers/broker-context";
import { ConnectionCapability, ConnectionProperty } from "./amqp-symbols";
import { ConnectionRegistry } from "./connection-registry";
import { Listener, type ListenOptions } from "./listener";
import { registerHandlers } from "./register-handlers";
import { type SaslServerOptions, serverMechanisms } from "./sasl/server-mechanisms";
import { type BrokerTlsOptions, tlsListenOptions } from "./tls-options";
import { WsListener } from "./ws-listener";

/** Qpid JMS's default; a peer sending larger frames is disconnected with a framing error. */
const MAX_FRAME_SIZE = 1024 * 1024;

export interface AmqpServerOptions extends ListenOptions, SaslServerOptions {
  containerId: string;
  productVersion: string;
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
    private readonly connections: ConnectionRegistry,
    private readonly tlsListener: Listener | undefined,
    private readonly wsListener: WsListener | undefined,
  ) {}

  static async start(broker: BrokerContext, options: AmqpServerOptions): Promise<AmqpServer> {
    installRheaPatches();
    const container = rhea.create_container({ id: options.containerId });
    // rhea types its server mechanism table as any: a plain name → factory map, offered in key order.
    Object.assign(container.sasl_server_mechanisms as object, serverMechanisms(options));
    const connections = new ConnectionRegistry(container);
    registerHandlers(container, broker);
    const defaults = {
      // Advertised and, through @jms-ts/rhea-patches, enforced on input [AMQP 2.7.1].
      max_frame_size: MAX_FRAME_SIZE,
      properties: {
        [ConnectionProperty.product]: "jms-ts-broker",
        [ConnectionProperty.version]: options.productVersion,
      },
      // A sender with a target that has no address routes by each message's `to` [AMQP 2.7.1, 3.5.4].
      offered_capabilities: [ConnectionCapability.anonymousRelay],
      // The broker settles incoming messages itself, once it has stored them.
      receiver_options: { autoaccept: false, credit_window: 1000 },
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
    return new AmqpServer(listener, connections, tlsListener, wsListener);
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
    return this.connections.size;
  }

  async close(): Promise<void> {
    this.connections.closeAll("the broker is shutting down");
    await Promise.all([this.listener.close(), this.tlsListener?.close(), this.wsListener?.close()]);
  }
}
