// Interop with an independent AMQP 1.0 implementation: Qpid Proton's Python binding
// (peers/proton/proton_peer.py) sends to and receives from our client through the bundled broker,
// so both sides' encodings are checked by a decoder we did not write.
import { createBroker, type Broker } from "@jms-ts/broker";
import { ConnectionFactory, DeliveryMode, Session, TextMessage, type Connection } from "@jms-ts/client";
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { protonReceive, protonSend, PYTHON, type ProtonMessage } from "../../src/peers/proton-peer";

describe("interop with Qpid Proton (Python) through the bundled broker", () => {
  let broker: Broker | undefined;
  let connection: Connection | undefined;

  beforeAll(async () => {
    try {
      execFileSync(PYTHON, ["-c", "import proton"], { stdio: "pipe" });
    } catch {
      throw new Error(
        `${PYTHON} cannot import proton: install python3-qpid-proton (apt-get install python3-qpid-proton)`,
      );
    }
    broker = await createBroker({ port: 0 });
    connection = await new ConnectionFactory(broker.url).createConnection();
    await connection.start();
  });

  afterAll(async () => {
    await connection?.close();
    await broker?.close();
  });

  const setup = async (queueName: string) => {
    if (!broker || !connection) throw new Error("broker not started");
    const session = await connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    return { url: { url: broker.url }, session, queue: session.createQueue(queueName) };
  };

  it("TypeScript -> Proton: a TextMessage arrives as an amqp-value string with JMS annotations", async () => {
    const { url, session, queue } = await setup("interop.ts-to-proton");
    const producer = await session.createProducer(queue);
    const sent = session.createTextMessage("hello from jms-ts");
    const before = Date.now();
    await producer.send(sent);
    const after = Date.now();

    const [seen, ...rest] = await protonReceive(url, "interop.ts-to-proton");
    expect(rest).toEqual([]);
    expect(seen).toBeDefined();
    const m = seen as ProtonMessage;
    expect(m.body).toBe("hello from jms-ts");
    expect(m.body_type).toBe("str");
    expect(m.annotations["x-opt-jms-msg-type"]).toEqual({ value: 5, type: "byte" });
    expect(m.annotations["x-opt-jms-dest"]).toEqual({ value: 0, type: "byte" });
    expect(m.durable).toBe(true);
    expect(m.id_type).toBe("str");
    expect(m.id).toMatch(/^ID:/);
    expect(m.id).toBe(sent.getJMSMessageID());
    expect(m.to).toBe("interop.ts-to-proton");
    expect(m.creation_time * 1000).toBeGreaterThanOrEqual(before - 1000);
    expect(m.creation_time * 1000).toBeLessThanOrEqual(after + 1000);
  });

  it("Proton -> TypeScript: a plain amqp-value string becomes a persistent TextMessage", async () => {
    const { url, session, queue } = await setup("interop.proton-to-ts");
    await protonSend(url, "interop.proton-to-ts", "hello from proton");

    const consumer = await session.createConsumer(queue);
    const received = await consumer.receive(5000);
    expect(received).toBeInstanceOf(TextMessage);
    expect((received as TextMessage).getText()).toBe("hello from proton");
    expect(received?.getJMSDeliveryMode()).toBe(DeliveryMode.PERSISTENT);
    expect(received?.getJMSRedelivered()).toBe(false);
    expect(received?.getJMSDestination()?.toString()).toBe("queue://interop.proton-to-ts");
  });

  it("many messages both ways arrive complete and in order", async () => {
    const count = 200;
    const expected = (prefix: string) => Array.from({ length: count }, (_, i) => `${prefix}-${i}`);

    const inbound = await setup("interop.many.proton-to-ts");
    await protonSend(inbound.url, "interop.many.proton-to-ts", "p", count);
    const consumer = await inbound.session.createConsumer(inbound.queue);
    const texts: (string | null)[] = [];
    for (let i = 0; i < count; i++) texts.push(((await consumer.receive(5000)) as TextMessage).getText());
    expect(texts).toEqual(expected("p"));
    expect(await consumer.receive(50)).toBeNull();

    const outbound = await setup("interop.many.ts-to-proton");
    const producer = await outbound.session.createProducer(outbound.queue);
    for (const text of expected("t")) await producer.send(outbound.session.createTextMessage(text));
    const seen = await protonReceive(outbound.url, "interop.many.ts-to-proton", count);
    expect(seen.map((m) => m.body)).toEqual(expected("t"));
  });
});
