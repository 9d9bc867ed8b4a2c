import { jmsCall } from "../errors/to-jms-exception";
import type { ProviderFactory } from "../provider/provider";
import { Connection } from "./connection";
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
    const clientId = options.jms.clientID ?? id;
    const provider = await jmsCall(async () => {
      const created = this.providerFactory(this.uri);
      await created.connect({
        clientId,
        ...(user === undefined ? {} : { username: user }),
        ...(secret === undefined ? {} : { password: secret }),
      });
      return created;
    });
    const connection = new Connection(
      provider,
      id,
      clientId,
      options.jms.prefetchPolicy.queuePrefetch,
      options,
    );
    connection.sendPolicy = sendPolicyOf(options.jms, user);
    return connection;
  }
}
