import { installRawBytesHook } from "@jms-ts/codec";
import rhea from "rhea";
import type { BrokerContext } from "../handlers/broker-context";
import { ConnectionProperty } from "./amqp-symbols";
import { ConnectionRegistry } from "./connection-registry";
import { Listener, type ListenOptions } from "./listener";
import { registerHandlers } from "./register-handlers";

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
    installRawBytesHook(rhea.message);
    const container = rhea.create_container({ id: options.containerId });
    // rhea types its server mechanism table as any; ANONYMOUS is the only one offered for now.
    (container.sasl_server_mechanisms as { enable_anonymous(): void }).enable_anonymous();
    const connections = new ConnectionRegistry(container);
    registerHandlers(container, broker);
    const listener = await Listener.open(container, options, {
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
