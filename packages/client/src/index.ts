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
   * @param uri `amqp://host:port` (default `amqp://localhost:5672`) with optional query options:
   *   `jms.clientID`, `jms.prefetchPolicy.all`, `amqp.idleTimeout`, `amqp.vhost`, `transport.connectTimeout`.
   * @throws JMSException for an unknown or malformed `jms.*` option.
   */
  constructor(uri: string = DEFAULT_URI) {
    super(uri, (providerUri) => new AmqpProvider(providerUri));
  }
}

export { Connection, type ExceptionListener } from "./jms/connection";
export { Session, type AcknowledgeMode } from "./jms/session";
export { MessageProducer } from "./jms/message-producer";
export { MessageConsumer, type ReceiveOptions } from "./jms/message-consumer";
export { Queue, Topic, TemporaryQueue, TemporaryTopic, type Destination } from "./jms/destinations";
export { QueueBrowser, type MessageEnumeration } from "./jms/queue-browser";
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
