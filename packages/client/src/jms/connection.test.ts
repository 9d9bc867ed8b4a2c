import { afterEach, describe, expect, it } from "vitest";
import { connectMock, isSettled, MockProvider, MOCK_URI } from "../../test/support/mock-provider";
import {
  ConnectionFailedException,
  IllegalStateException,
  InvalidDestinationException,
  JMSSecurityException,
} from "../errors/exceptions";
import { isJMSException, type JMSException } from "../errors/jms-exception";
import { TextMessage } from "../message/text-message";
import { ProviderError } from "../provider/provider-error";
import type { Connection } from "./connection";
import { JmsConnectionFactory } from "./connection-factory";
import { Session } from "./session";

describe("[JMS 2.0 6.1] Connection over a mock provider", () => {
  const open: Connection[] = [];

  async function connect(uri?: string): Promise<{ provider: MockProvider; connection: Connection }> {
    const result = await connectMock(uri);
    open.push(result.connection);
    return result;
  }

  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close().catch(() => undefined)));
  });

  describe("JmsConnectionFactory", () => {
    it("connects with a generated ClientID equal to the connection id, and no credentials", async () => {
      const { provider, connection } = await connect();
      expect(connection.getClientID()).toBe(connection.id);
      expect(provider.connectInfo).toEqual({ clientId: connection.id });
    });

    it("uses jms.clientID and passes credentials through", async () => {
      const provider = new MockProvider();
      const factory = new JmsConnectionFactory(`${MOCK_URI}?jms.clientID=abc`, () => provider);
      const connection = await factory.createConnection("user", "secret");
      open.push(connection);
      expect(connection.getClientID()).toBe("abc");
      expect(provider.connectInfo).toEqual({ clientId: "abc", username: "user", password: "secret" });
      expect(factory.getURI()).toBe(`${MOCK_URI}?jms.clientID=abc`);
    });

    it("hands the URI to the provider factory and the prefetch to consumers", async () => {
      const provider = new MockProvider();
      const seen: string[] = [];
      const uri = `${MOCK_URI}?jms.prefetchPolicy.all=7`;
      const connection = await new JmsConnectionFactory(uri, (u) => {
        seen.push(u);
        return provider;
      }).createConnection();
      open.push(connection);
      const session = await connection.createSession();
      await session.createConsumer(session.createQueue("q"));
      expect(seen).toEqual([uri]);
      expect(provider.consumersCreated[0]?.prefetch).toBe(7);
    });

    it("an unknown jms option fails at construction, before any provider exists", () => {
      let built = 0;
      expect(
        () =>
          new JmsConnectionFactory(`${MOCK_URI}?jms.bogus=1`, () => {
            built++;
            return new MockProvider();
          }),
      ).toThrow(/unknown connection option "jms.bogus"/);
      expect(built).toBe(0);
    });

    it("a refused connect becomes the mapped JMSException", async () => {
      const provider = new MockProvider();
      provider.failNext(
        "connect",
        new ProviderError("security", "bad credentials", { condition: "amqp:unauthorized-access" }),
      );
      const error = await new JmsConnectionFactory(MOCK_URI, () => provider)
        .createConnection("u", "p")
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(JMSSecurityException);
      expect((error as JMSException).errorCode).toBe("amqp:unauthorized-access");
    });

    it("gives every connection a distinct id", async () => {
      const a = await connect();
      const b = await connect();
      expect(a.connection.id).not.toBe(b.connection.id);
    });
  });

  describe("[JMS 2.0 6.1.5] start and stop", () => {
    it("a new connection is stopped: receive() waits until start()", async () => {
      const { provider, connection } = await connect();
      const session = await connection.createSession();
      const consumer = await session.createConsumer(session.createQueue("q"));
      provider.deliverText(consumer.id, "held");
      expect(await consumer.receiveNoWait()).toBeNull();
      const pending = consumer.receive();
      expect(await isSettled(pending)).toBe(false);
      expect(provider.acks).toEqual([]);
      await connection.start();
      const message = await pending;
      expect(message).toBeInstanceOf(TextMessage);
      expect((message as TextMessage).getText()).toBe("held");
    });

    it("stop() holds delivery again and start() resumes it", async () => {
      const { provider, connection } = await connect();
      await connection.start();
      const session = await connection.createSession();
      const consumer = await session.createConsumer(session.createQueue("q"));
      await connection.stop();
      provider.deliverText(consumer.id, "during stop");
      expect(await consumer.receive(20)).toBeNull();
      await connection.start();
      expect(((await consumer.receive(1000)) as TextMessage).getText()).toBe("during stop");
    });

    it("a consumer created on a started connection receives at once", async () => {
      const { provider, connection } = await connect();
      await connection.start();
      const session = await connection.createSession();
      const consumer = await session.createConsumer(session.createQueue("q"));
      provider.deliverText(consumer.id, "now");
      expect(await consumer.receiveNoWait()).not.toBeNull();
    });

    it("start() and stop() on a closed connection reject with IllegalStateException", async () => {
      const { connection } = await connect();
      await connection.close();
      await expect(async () => connection.start()).rejects.toBeInstanceOf(IllegalStateException);
      await expect(async () => connection.stop()).rejects.toBeInstanceOf(IllegalStateException);
    });

    it("[CONVENTIONS 12] start() and stop() report a closed connection as a rejected promise, not a synchronous throw", async () => {
      const { connection } = await connect();
      await connection.close();
      let started: Promise<void> | undefined;
      let stopped: Promise<void> | undefined;
      expect(() => (started = connection.start())).not.toThrow();
      expect(() => (stopped = connection.stop())).not.toThrow();
      await expect(started).rejects.toBeInstanceOf(IllegalStateException);
      await expect(stopped).rejects.toBeInstanceOf(IllegalStateException);
    });
  });

  describe("close", () => {
    it("closes sessions, resolves pending receive() with null, then closes the provider", async () => {
      const { provider, connection } = await connect();
      await connection.start();
      const session = await connection.createSession();
      const consumer = await session.createConsumer(session.createQueue("q"));
      const pending = consumer.receive();
      await connection.close();
      expect(await pending).toBeNull();
      expect(provider.sessionsDestroyed).toEqual([session.id]);
      expect(provider.consumersDestroyed).toEqual([consumer.id]);
      expect(provider.calls.at(-1)).toBe("close");
      expect(provider.closeCount).toBe(1);
    });

    it("is idempotent and concurrent close() calls share one promise", async () => {
      const { provider, connection } = await connect();
      await connection.createSession();
      const first = connection.close();
      const second = connection.close();
      expect(second).toBe(first);
      await Promise.all([first, second]);
      await connection.close();
      expect(provider.closeCount).toBe(1);
      expect(provider.sessionsDestroyed).toHaveLength(1);
    });

    it("Symbol.asyncDispose closes the connection", async () => {
      const { provider, connection } = await connect();
      await connection[Symbol.asyncDispose]();
      expect(provider.closeCount).toBe(1);
      await expect(connection.createSession()).rejects.toBeInstanceOf(IllegalStateException);
    });

    it("a provider close failure rejects close() with the mapped exception", async () => {
      const { provider, connection } = await connect();
      provider.failNext("close", "connection-failed");
      await expect(connection.close()).rejects.toBeInstanceOf(ConnectionFailedException);
    });

    it("createSession after close throws IllegalStateException without calling the provider", async () => {
      const { provider, connection } = await connect();
      await connection.close();
      await expect(connection.createSession(false, Session.AUTO_ACKNOWLEDGE)).rejects.toBeInstanceOf(
        IllegalStateException,
      );
      expect(provider.sessionsCreated).toEqual([]);
    });
  });

  describe("[JMS 2.0 6.1.8] provider failures and the ExceptionListener", () => {
    it("a connection failure reaches the ExceptionListener once and closes every session", async () => {
      const { provider, connection } = await connect();
      await connection.start();
      const session = await connection.createSession();
      const consumer = await session.createConsumer(session.createQueue("q"));
      const producer = await session.createProducer(session.createQueue("q"));
      const pending = consumer.receive();
      const message = session.createMessage();
      const seen: JMSException[] = [];
      connection.setExceptionListener((e) => seen.push(e));
      const failure = new ProviderError("connection-failed", "socket closed", {
        condition: "amqp:connection:forced",
        retryable: true,
      });
      provider.failConnection(failure);
      provider.failConnection(failure);
      expect(seen).toHaveLength(1);
      const [reported] = seen;
      expect(reported).toBeInstanceOf(ConnectionFailedException);
      expect(reported?.errorCode).toBe("amqp:connection:forced");
      expect(reported?.retryable).toBe(true);
      expect(reported?.cause).toBe(failure);
      expect(await pending).toBeNull();
      await expect(producer.send(message)).rejects.toBeInstanceOf(IllegalStateException);
      expect(() => session.createMessage()).toThrow(IllegalStateException);
      // [JMS 2.0 6.1.8] every later call says where the close came from, with the failure as its cause.
      expect(() => session.createMessage()).toThrow(
        /session is closed \(the connection failed: socket closed\)/,
      );
      await expect(consumer.receive()).rejects.toMatchObject({ cause: failure });
      await expect(session.createConsumer(session.createQueue("q"))).rejects.toBeInstanceOf(
        IllegalStateException,
      );
      await expect(connection.createSession()).rejects.toBeInstanceOf(IllegalStateException);
      await connection.close();
      expect(provider.closeCount).toBe(1);
    });

    it("a remote consumer close is reported to the ExceptionListener with its condition", async () => {
      const { provider, connection } = await connect();
      const session = await connection.createSession();
      const consumer = await session.createConsumer(session.createQueue("q"));
      const seen: JMSException[] = [];
      connection.setExceptionListener((e) => seen.push(e));
      expect(connection.getExceptionListener()).toBeTypeOf("function");
      provider.remoteClose(
        "consumer",
        consumer.id,
        new ProviderError("invalid-destination", "queue deleted", { condition: "amqp:not-found" }),
      );
      expect(seen).toHaveLength(1);
      expect(seen[0]).toBeInstanceOf(InvalidDestinationException);
      expect(seen[0]?.errorCode).toBe("amqp:not-found");
      expect(isJMSException(seen[0])).toBe(true);
      await expect(consumer.receive()).rejects.toThrow(
        /message consumer is closed \(the broker closed it: queue deleted\)/,
      );
    });

    it("a throwing ExceptionListener breaks nothing", async () => {
      const { provider, connection } = await connect();
      await connection.start();
      const session = await connection.createSession();
      const consumer = await session.createConsumer(session.createQueue("q"));
      let calls = 0;
      connection.setExceptionListener(() => {
        calls++;
        throw new Error("listener bug");
      });
      expect(() =>
        provider.remoteClose("producer", "ID:x:1:1:1", new ProviderError("general", "detached")),
      ).not.toThrow();
      // Event handling still works after the listener threw.
      const delivery = provider.deliverText(consumer.id, "still flowing");
      expect(((await consumer.receive(1000)) as TextMessage).getText()).toBe("still flowing");
      expect(provider.outcomeOf(delivery)).toBe("accepted");
      expect(() => provider.failConnection()).not.toThrow();
      expect(calls).toBe(2);
      await expect(session.createProducer(session.createQueue("q"))).rejects.toBeInstanceOf(
        IllegalStateException,
      );
    });

    it("without an ExceptionListener a failure is silently absorbed", async () => {
      const { provider, connection } = await connect();
      expect(connection.getExceptionListener()).toBeUndefined();
      expect(() => provider.failConnection()).not.toThrow();
      await expect(connection.createSession()).rejects.toBeInstanceOf(IllegalStateException);
    });
  });
});
