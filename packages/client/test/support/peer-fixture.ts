import { afterEach, beforeEach } from "vitest";
import { ConnectionFactory, type Connection, Session } from "../../src/index";
import { ScriptedPeer } from "./scripted-peer";

/**
 * A fresh scripted AMQP peer for every test of the file that creates it, and the connections the test
 * opened to it, closed after the test (CONVENTIONS rule 19). Create it at the top level of a test file.
 */
export class PeerFixture {
  private current: ScriptedPeer | undefined;
  private readonly connections: Connection[] = [];

  constructor() {
    beforeEach(async () => {
      this.current = await ScriptedPeer.start();
    });
    afterEach(async () => {
      await Promise.allSettled(this.connections.splice(0).map((c) => c.close()));
      await this.current?.close();
      this.current = undefined;
    });
  }

  get peer(): ScriptedPeer {
    if (!this.current) throw new Error("the scripted peer runs only inside a test");
    return this.current;
  }

  /** A connection to the peer, with URI options in `query`. */
  async connect(query = ""): Promise<Connection> {
    const connection = await new ConnectionFactory(this.peer.url(query)).createConnection();
    this.connections.push(connection);
    return connection;
  }

  /** A session on a started connection to the peer. */
  async session(query = "", mode: number = Session.AUTO_ACKNOWLEDGE): Promise<Session> {
    const connection = await this.connect(query);
    await connection.start();
    return connection.createSession(false, mode);
  }
}
