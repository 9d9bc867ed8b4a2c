import { type Connection, ConnectionFactory, type Message, Session, TextMessage } from "@jms-ts/client";
import { describe, expect, it } from "vitest";
import { bundledBrokerPerTest } from "./support/bundled-broker-per-test";

// Consumer behaviour end to end: the client against the bundled broker in process (decision 0010).

const fixture = bundledBrokerPerTest();

async function connect(query = ""): Promise<Connection> {
  const connection = await new ConnectionFactory(
    `${fixture.broker.url}${query ? `?${query}` : ""}`,
  ).createConnection();
  fixture.connections.push(connection);
  await connection.start();
  return connection;
}

async function send(connection: Connection, queue: string, texts: string[]): Promise<void> {
  const session = await connection.createSession();
  const producer = await session.createProducer(session.createQueue(queue));
  for (const body of texts) await producer.send(session.createTextMessage(body));
  await session.close();
}

function textOf(message: Message | null): string | null {
  if (!(message instanceof TextMessage)) throw new Error("expected a TextMessage");
  return message.getText();
}

describe("consumer end to end on the bundled broker", () => {
  it("[qpid-jms 2.12] maxRedeliveries=1: the broker's third delivery (count 2) is settled undeliverable, not handed out", async () => {
    const connection = await connect("jms.redeliveryPolicy.maxRedeliveries=1");
    await send(connection, "poison", ["poison"]);
    for (const expected of [1, 2]) {
      const session = await connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
      const message = await (await session.createConsumer(session.createQueue("poison"))).receive(5000);
      expect(textOf(message)).toBe("poison");
      expect(message?.getIntProperty("JMSXDeliveryCount")).toBe(expected);
      // Closing without acknowledging fails the delivery: the broker counts it and offers it again.
      await session.close();
    }
    const session = await connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
    expect(await (await session.createConsumer(session.createQueue("poison"))).receive(300)).toBeNull();
  });

  it("[JMS 2.0 6.2.1] listeners of two consumers on one session run one at a time", async () => {
    const connection = await connect();
    await send(connection, "left", ["l1", "l2", "l3"]);
    await send(connection, "right", ["r1", "r2", "r3"]);
    const session = await connection.createSession();
    let running = 0;
    let overlapped = false;
    const seen: string[] = [];
    const done = new Promise<void>((resolve) => {
      const listener = async (message: Message) => {
        running++;
        overlapped ||= running > 1;
        await new Promise<void>((r) => setImmediate(r));
        seen.push(String(textOf(message)));
        running--;
        if (seen.length === 6) resolve();
      };
      void Promise.all([
        session.createConsumer(session.createQueue("left")),
        session.createConsumer(session.createQueue("right")),
      ]).then(([left, right]) => {
        left.setMessageListener(listener);
        right.setMessageListener(listener);
      });
    });
    await done;
    expect(overlapped).toBe(false);
    expect(seen.filter((t) => t.startsWith("l"))).toEqual(["l1", "l2", "l3"]);
    expect(seen.filter((t) => t.startsWith("r"))).toEqual(["r1", "r2", "r3"]);
  });

  it("[qpid-jms 2.13] prefetch 0: a listener gets messages sent after it was set, one credit at a time", async () => {
    const connection = await connect("jms.prefetchPolicy.all=0");
    const session = await connection.createSession();
    const consumer = await session.createConsumer(session.createQueue("pull-listener"));
    const seen: string[] = [];
    const done = new Promise<void>((resolve) =>
      consumer.setMessageListener((message) => {
        seen.push(String(textOf(message)));
        if (seen.length === 3) resolve();
      }),
    );
    await send(await connect(), "pull-listener", ["1", "2", "3"]);
    await done;
    expect(seen).toEqual(["1", "2", "3"]);
  });

  it("[qpid-jms 2.13] prefetch 0: receive(timeout) gets a message sent while it waits", async () => {
    const connection = await connect("jms.prefetchPolicy.all=0");
    const session = await connection.createSession();
    const consumer = await session.createConsumer(session.createQueue("pull-late"));
    const pending = consumer.receive(5000);
    await send(await connect(), "pull-late", ["late"]);
    expect(textOf(await pending)).toBe("late");
  });

  it("[JMS 2.0 6.1.8] closing the connection under a blocked receive() resolves it with null", async () => {
    const connection = await connect();
    const session = await connection.createSession();
    const pending = (await session.createConsumer(session.createQueue("blocked"))).receive();
    await connection.close();
    expect(await pending).toBeNull();
  });

  it("[JMS 2.0 6.2.11] recover() in a listener (CLIENT_ACKNOWLEDGE) gets the message again, then acknowledge consumes it", async () => {
    const connection = await connect();
    await send(connection, "recover-listener", ["again"]);
    const session = await connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
    const consumer = await session.createConsumer(session.createQueue("recover-listener"));
    const flags: boolean[] = [];
    await new Promise<void>((resolve) =>
      consumer.setMessageListener(async (message) => {
        flags.push(message.getJMSRedelivered());
        if (flags.length === 1) await session.recover();
        else {
          await message.acknowledge();
          resolve();
        }
      }),
    );
    expect(flags).toEqual([false, true]);
    await session.close();
    const check = await connection.createSession();
    expect(
      await (await check.createConsumer(check.createQueue("recover-listener"))).receiveNoWait(),
    ).toBeNull();
  });
});
