import type { Connection, Container, EventContext } from "rhea";
import { Condition } from "./amqp-symbols";

/** The open AMQP connections, so the broker can close them all on shutdown. */
export class ConnectionRegistry {
  private readonly open = new Set<Connection>();

  constructor(container: Container) {
    container.on("connection_open", (context: EventContext) => this.open.add(context.connection));
    const forget = (context: EventContext) => this.open.delete(context.connection);
    container.on("connection_close", forget);
    container.on("disconnected", forget);
  }

  get size(): number {
    return this.open.size;
  }

  /** Tells every client the broker is going away [AMQP 2.8.16 connection:forced]. */
  closeAll(description: string): void {
    for (const connection of this.open) {
      connection.close({ condition: Condition.connectionForced, description });
    }
    this.open.clear();
  }
}
