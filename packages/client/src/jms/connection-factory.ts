import { jmsCall } from "../errors/to-jms-exception";
import type { ProviderFactory } from "../provider/provider";
import { Connection } from "./connection";
import { parseJmsOptions } from "./connection-options";
import { sendPolicyOf } from "./send-policy";
import { newConnectionId } from "./id-generator";

export const DEFAULT_URI = "amqp://localhost:5672";

/**
 * Creates connections to one broker URI [JMS 2.0 6.1]. The facade class, independent of the protocol;
 * the package's `ConnectionFactory` wires in the AMQP provider.
 */
export class JmsConnectionFactory {
  /**
   * @param uri `amqp://host:port?options` with Qpid JMS's option names (`jms.clientID`, `jms.prefetchPolicy.all`, ...).
   * @throws JMSException for an unknown or malformed `jms.*` option.
   */
  constructor(
    private readonly uri: string,
    private readonly providerFactory: ProviderFactory,
  ) {
    parseJmsOptions(uri);
  }

  getURI(): string {
    return this.uri;
  }

  /**
   * Opens a connection: ANONYMOUS without credentials, PLAIN with them. The connection starts stopped.
   * @throws JMSSecurityException if the broker refuses the credentials.
   * @throws ConnectionFailedException if the broker cannot be reached.
   * @throws JMSException for a malformed URI.
   */
  async createConnection(username?: string, password?: string): Promise<Connection> {
    const options = parseJmsOptions(this.uri);
    const id = newConnectionId();
    const clientId = options.clientID ?? id;
    const provider = await jmsCall(async () => {
      const created = this.providerFactory(this.uri);
      await created.connect({
        clientId,
        ...(username === undefined ? {} : { username }),
        ...(password === undefined ? {} : { password }),
      });
      return created;
    });
    const connection = new Connection(provider, id, clientId, options.prefetch);
    connection.sendPolicy = sendPolicyOf(options, username);
    return connection;
  }
}
