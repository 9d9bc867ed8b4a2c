/**
 * `@jms-ts/client`: JMS for TypeScript over AMQP 1.0, wire-compatible with Apache Qpid JMS.
 *
 * ```ts
 * import { ConnectionFactory, Session, type TextMessage } from "@jms-ts/client";
 * const connection = await new ConnectionFactory("amqp://127.0.0.1:5672").createConnection();
 * await connection.start();
 * const session = await connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
 * const queue = session.createQueue("orders");
 * await (await session.createProducer(queue)).send(session.createTextMessage("hello"));
 * const message = (await (await session.createConsumer(queue)).receive(1000)) as TextMessage | null;
 * await connection.close();
 * ```
 *
 * This module is the composition root: the only place that names the AMQP provider.
 * @packageDocumentation
 */
import { DEFAULT_URI, JmsConnectionFactory } from "./jms/connection-factory";
import { AmqpProvider } from "./provider/amqp/amqp-provider";

/** Creates connections to an AMQP 1.0 broker [JMS 2.0 6.1]. */
export class ConnectionFactory extends JmsConnectionFactory {
  /**
   * @param uri `scheme://host[:port][/path][?name=value&...]` (default `amqp://localhost:5672`). Schemes:
   *   `amqp` (TCP, port 5672), `amqps` (TLS, 5671), `amqpws` (WebSocket, 80), `amqpwss` (WebSocket over
   *   TLS, 443; both WebSocket schemes need the `ws` package). Options use Qpid JMS's names
   *   (docs/client/connection-uri.md has every one with its default):
   *   - `jms.clientID`, `jms.username`, `jms.password`;
   *   - `jms.sendTimeout`, `jms.requestTimeout`, `jms.closeTimeout`, `jms.connectTimeout` (ms; -1 or 0 = no limit);
   *   - `jms.forceAsyncSend`, `jms.forceSyncSend`, `jms.populateJMSXUserID`, `jms.validateSelector`,
   *     `jms.producerWindowBytes`;
   *   - `jms.consumerWindowBytes` (jms-ts extra, default 2 MiB, 0 = off): the bytes a consumer holds that the
   *     application has not taken yet; credit stops there, so memory is bounded by bytes as well as by prefetch;
   *   - `jms.prefetchPolicy.{all,queuePrefetch,topicPrefetch,queueBrowserPrefetch,durableTopicPrefetch}`;
   *   - `jms.redeliveryPolicy.{maxRedeliveries,outcome}`; `jms.presettlePolicy.presettle{All,Producers,
   *     TopicProducers,QueueProducers,TransactedProducers,Consumers,TopicConsumers,QueueConsumers}`;
   *   - `amqp.idleTimeout`, `amqp.maxFrameSize`, `amqp.saslMechanisms` (comma-separated), `amqp.vhost`;
   *   - `transport.tcpNoDelay`, `transport.connectTimeout`, and TLS as PEM files: `transport.ca`,
   *     `transport.cert`, `transport.key`, `transport.keyPassphrase`, `transport.verifyHost`,
   *     `transport.trustAll`, `transport.servername`.
   *
   * SASL picks the strongest mechanism both sides allow: SCRAM-SHA-512, SCRAM-SHA-256, SCRAM-SHA-1, PLAIN
   * (with a user name), EXTERNAL (with `transport.cert`), ANONYMOUS (without credentials).
   * @throws JMSException for a malformed URI or an unknown or malformed option, naming it and what is allowed.
   */
  constructor(uri: string = DEFAULT_URI) {
    super(uri, (providerUri) => new AmqpProvider(providerUri));
  }
}

export { Connection, type ExceptionListener } from "./jms/connection";
export { ConnectionMetaData } from "./jms/connection-meta-data";
export type {
  ConnectionOptions,
  JmsOptions,
  AmqpOptions,
  TransportOptions,
  PrefetchPolicy,
  RedeliveryPolicy,
  RedeliveryOutcome,
  PresettlePolicy,
  SaslMechanismName,
  UriScheme,
} from "./jms/connection-options";
export { Session, type AcknowledgeMode } from "./jms/session";
export { MessageProducer, type CompletionListener, type SendOverrides } from "./jms/message-producer";
export { MessageConsumer, type MessageListener, type ReceiveOptions } from "./jms/message-consumer";
export { Queue, Topic, TemporaryQueue, TemporaryTopic, type Destination } from "./jms/destinations";
export { QueueBrowser, type MessageEnumeration } from "./jms/queue-browser";
export { JMSContext } from "./jms/jms-context";
export { JMSProducer, type MessageBody } from "./jms/jms-producer";
export { JMSConsumer } from "./jms/jms-consumer";
export { isBodyAssignableTo, readBody, type BodyType, type BodyOf } from "./jms/message-body";
export { QueueRequestor, TopicRequestor, type RequestOptions } from "./jms/requestor";
export { Message } from "./message/message";
export { TextMessage } from "./message/text-message";
export { BytesMessage } from "./message/bytes-message";
export { MapMessage } from "./message/map-message";
export { StreamMessage } from "./message/stream-message";
export { ObjectMessage } from "./message/object-message";
export { TypedValue, type ObjectValue, type TypedValueType } from "./message/object-value";
export { DeliveryMode, type DeliveryModeValue } from "./message/delivery-mode";
export { JMSException, isJMSException, type JMSExceptionOptions } from "./errors/jms-exception";
export * from "./errors/exceptions";
