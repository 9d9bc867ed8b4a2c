// `npm start`: the main job on the embedded default. Starts the bundled broker in this process, then a
// producer and a consumer exchange messages through it over real AMQP 1.0 sockets.
import { createBroker } from "@jms-ts/broker";
import { ConnectionFactory, Session, type TextMessage } from "@jms-ts/client";

const ORDERS = ["2 x espresso", "1 x croissant", "3 x baguette", "1 x tarte tatin", "4 x macaron"];

async function main(): Promise<void> {
  const broker = await createBroker({ port: 0 });
  console.log(`bundled broker listening on ${broker.url}`);

  const connection = await new ConnectionFactory(broker.url).createConnection();
  try {
    await connection.start();
    const session = await connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    const queue = session.createQueue("orders");
    const producer = await session.createProducer(queue);
    const consumer = await session.createConsumer(queue);

    for (const [i, order] of ORDERS.entries()) {
      const message = session.createTextMessage(order);
      await producer.send(message);
      console.log(`producer  sent     [${i + 1}/${ORDERS.length}] ${order}  (${message.getJMSMessageID()})`);
    }
    for (let i = 0; i < ORDERS.length; i++) {
      const message = (await consumer.receive(5000)) as TextMessage | null;
      if (!message) throw new Error(`only ${i} of ${ORDERS.length} messages arrived within 5 s`);
      console.log(
        `consumer  received [${i + 1}/${ORDERS.length}] ${message.getText()}  (${message.getJMSMessageID()})`,
      );
    }
  } finally {
    await connection.close();
  }
  // Read after the close: by then the broker has processed every acknowledgement.
  const stats = broker.queueStats("orders");
  console.log(`queue "orders": ${stats?.depth ?? 0} waiting, ${stats?.unsettled ?? 0} unacknowledged`);
  await broker.close();
  if (stats?.depth !== 0 || stats.unsettled !== 0)
    throw new Error("the queue should be empty after the demo");
  console.log("done: every message sent was received and acknowledged");
}

main().catch((error: unknown) => {
  console.error("demo failed:", error);
  process.exitCode = 1;
});
