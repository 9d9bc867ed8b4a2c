import { jmsCall } from "../errors/to-jms-exception";
import type { Provider, ProviderFactory } from "../provider/provider";
import { Connection } from "./connection";
import { JMSContext, SharedConnection } from "./jms-context";
import { Session } from "./session";
import { type ConnectionOptions, parseConnectionUri } from "./connection-options";
import { sendPolicyOf } from "./send-policy";
import { newConnectionId } from "./id-generator";

export const DEFAULT_URI = "amqp://localhost:5672";

/**
 * Creates connections to one broker URI [JMS 2.0 6.1]. The facade class, independent of the protocol;
 * the package's `ConnectionFactory` wires in the AMQP provider.
 */
export class JmsConnectionFactory {
  private readonly options: ConnectionOptions;

  /**
   * @param uri `amqp|amqps|amqpws|amqpwss://host[:port][?options]` with Qpid JMS's option names
   *   (docs/client/connection-uri.md).
   * @throws JMSException for a malformed URI or an unknown or malformed option, naming it.
   */
  constructor(
    private readonly uri: string,
    private readonly providerFactory: ProviderFactory,
  ) {
    this.options = parseConnectionUri(uri);
  }

  getURI(): string {
    return this.uri;
  }

  /**
   * Opens a connection, authenticating with the strongest SASL mechanism both sides allow (SCRAM-SHA-512,
   * -256, -1, PLAIN with credentials; EXTERNAL with a client certificate; ANONYMOUS without).
   * `username`/`password` override `jms.username`/`jms.password`. The connection starts stopped.
   * @throws JMSSecurityException if the broker refuses the credentials.
   * @throws InvalidClientIDException if the broker refuses the ClientID.
   * @throws ConnectionFailedException if the broker cannot be reached.
   */
  async createConnection(username?: string, password?: string): Promise<Connection> {
    const options = this.options;
    const user = username ?? options.jms.username;
    const secret = username === undefined ? options.jms.password : password;
    const id = newConnectionId();
    const configuredId = options.jms.clientID;
    const open = (clientId: string) => this.openProvider(clientId, user, secret);
    const provider = await open(configuredId ?? id);
    const connection = new Connection(
      provider,
      id,
      configuredId ?? id,
      options.jms.prefetchPolicy.queuePrefetch,
      options,
    );
    connection.sendPolicy = sendPolicyOf(options.jms, user);
    // setClientID() may still choose the ClientID, unless the URI fixed it [JMS 2.0 6.1.2].
    if (configuredId === undefined) connection.allowClientIdChange(open);
    return connection;
  }

  /**
   * JMS 2.0's simplified API: a connection and a session in one JMSContext [JMS 2.0 6.2]. Call it as
   * `createContext()`, `createContext(sessionMode)`, `createContext(username, password)` or
   * `createContext(username, password, sessionMode)`; the mode defaults to AUTO_ACKNOWLEDGE.
   * @throws JMSSecurityException, ConnectionFailedException, InvalidClientIDException as createConnection.
   * @throws JMSException for an unknown session mode.
   */
  async createContext(
    usernameOrMode?: string | number,
    password?: string,
    sessionMode: number = Session.AUTO_ACKNOWLEDGE,
  ): Promise<JMSContext> {
    const mode = typeof usernameOrMode === "number" ? usernameOrMode : sessionMode;
    const username = typeof usernameOrMode === "string" ? usernameOrMode : undefined;
    const connection = await this.createConnection(username, password);
    try {
      const session = await connection.createSession(mode);
      return new JMSContext(new SharedConnection(connection), session);
    } catch (error) {
      await connection.close().catch(() => undefined);
      throw error;
    }
  }

  private openProvider(clientId: string, username?: string, password?: string): Promise<Provider> {
    return jmsCall(async () => {
      const created = this.providerFactory(this.uri);
      await created.connect({
        clientId,
        ...(username === undefined ? {} : { username }),
        ...(password === undefined ? {} : { password }),
      });
      return created;
    });
  }
}
