import { installRheaPatches } from "@jms-ts/rhea-patches";
import rhea from "rhea";
import type { BrokerContext } from "../handlers/broker-context";
import { ConnectionProperty } from "./amqp-symbols";
import { ConnectionRegistry } from "./connection-registry";
import { Listener, type ListenOptions } from "./listener";
import { registerHandlers } from "./register-handlers";

/** Qpid JMS's default; a peer sending larger frames is disconnected with a framing error. */
const MAX_FRAME_SIZE = 1024 * 1024;

export interface AmqpServerOptions extends ListenOptions {
  containerId: string;
  productVersion: string;
}

/** The AMQP 1.0 endpoint of the broker: SASL ANONYMOUS, one rhea container, handlers per event. */
export class AmqpServer {
  private constructor(
    private readonly listener: Listener,
    private readonly connections: ConnectionRegistry,
  ) {}

  static async start(broker: BrokerContext, options: AmqpServerOptions): Promise<AmqpServer> {
    installRheaPatches();
    const container = rhea.create_container({ id: options.containerId });
    // rhea types its server mechanism table as any; ANONYMOUS is the only one offered for now.
    (container.sasl_server_mechanisms as { enable_anonymous(): void }).enable_anonymous();
    const connections = new ConnectionRegistry(container);
    registerHandlers(container, broker);
    const listener = await Listener.open(container, options, {
      // Advertised and, through @jms-ts/rhea-patches, enforced on input [AMQP 2.7.1].
      max_frame_size: MAX_FRAME_SIZE,
      properties: {
        [ConnectionProperty.product]: "jms-ts-broker",
        [ConnectionProperty.version]: options.productVersion,
      },
      // The broker settles incoming messages itself, once it has stored them.
      receiver_options: { autoaccept: false, credit_window: 1000 },
    });
    return new AmqpServer(listener, connections);
  }

  get port(): number {
    return this.listener.address.port;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  async close(): Promise<void> {
    this.connections.closeAll("the broker is shutting down");
    await this.listener.close();
  }
}
