import { createBroker, type Broker } from "@jms-ts/broker";
import {
  ConnectionFactory,
  ConnectionFailedException,
  isJMSException,
  JMSException,
  JMSSecurityException,
  Session,
  type Connection,
  type TextMessage,
} from "@jms-ts/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestCertificates, type TestCertificates } from "./support/test-certificates";

const USERS = { alice: "wonder land", "b,o=b": "s3cret" };

/** Connects, sends one message through a queue and reads it back, then closes. */
async function roundTrip(connection: Connection): Promise<string | undefined> {
  try {
    await connection.start();
    const session = await connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    const queue = session.createQueue(`transports-${Math.random()}`);
    await (await session.createProducer(queue)).send(session.createTextMessage("over the wire"));
    const message = (await (await session.createConsumer(queue)).receive(5000)) as TextMessage | null;
    return message?.getText() ?? undefined;
  } finally {
    await connection.close();
  }
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error("expected a rejection");
  return error;
}

describe("[docs/decisions/0009] SASL against the bundled broker with users", () => {
  let broker: Broker;
  beforeAll(async () => {
    broker = await createBroker({ port: 0, users: USERS });
  });
  afterAll(() => broker.close());

  it.each(["SCRAM-SHA-512", "SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN"])(
    "authenticates with %s (amqp.saslMechanisms restricts the choice)",
    async (mechanism) => {
      const factory = new ConnectionFactory(`${broker.url}?amqp.saslMechanisms=${mechanism}`);
      expect(await roundTrip(await factory.createConnection("alice", "wonder land"))).toBe("over the wire");
    },
  );

  it("takes jms.username and jms.password from the URI, escaping SCRAM names with , and =", async () => {
    const factory = new ConnectionFactory(`${broker.url}?jms.username=b%2Co%3Db&jms.password=s3cret`);
    expect(await roundTrip(await factory.createConnection())).toBe("over the wire");
  });

  it.each(["SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN"])(
    "a wrong password with %s is a JMSSecurityException naming user and mechanism, never the password",
    async (mechanism) => {
      const factory = new ConnectionFactory(`${broker.url}?amqp.saslMechanisms=${mechanism}`);
      const error = await failure(factory.createConnection("alice", "not-the-password"));
      expect(error).toBeInstanceOf(JMSSecurityException);
      expect(error.message).toContain(`authentication failed for user "alice" with mechanism ${mechanism}`);
      expect(error.message).not.toContain("not-the-password");
    },
  );

  it("an unknown user is refused like a wrong password", async () => {
    const error = await failure(new ConnectionFactory(broker.url).createConnection("mallory", "x"));
    expect(error).toBeInstanceOf(JMSSecurityException);
    expect(error.message).toContain('user "mallory" with mechanism SCRAM-SHA-512');
  });

  it("without credentials there is no mechanism in common: the error lists both sides", async () => {
    const error = await failure(new ConnectionFactory(broker.url).createConnection());
    expect(error).toBeInstanceOf(JMSSecurityException);
    expect(error.message).toMatch(
      /no SASL mechanism in common: the server offers SCRAM-SHA-512, SCRAM-SHA-256, SCRAM-SHA-1, PLAIN/,
    );
  });
});

describe("[docs/decisions/0009] TLS (amqps://) against the bundled broker", () => {
  let certs: TestCertificates;
  let broker: Broker;
  let tlsBase: string;
  beforeAll(async () => {
    certs = createTestCertificates();
    broker = await createBroker({
      port: 0,
      users: USERS,
      tls: { port: 0, key: certs.serverKey, cert: certs.serverCert, ca: certs.ca, requestCert: true },
    });
    tlsBase = `amqps://127.0.0.1:${broker.tlsPort}`;
  });
  afterAll(async () => {
    await broker.close();
    certs.remove();
  });

  it("reports its amqps:// URL", () => {
    expect(broker.tlsUrl).toBe(tlsBase);
  });

  it("connects with the CA from transport.ca and SCRAM-SHA-256", async () => {
    const factory = new ConnectionFactory(
      `${tlsBase}?transport.ca=${certs.caFile}&amqp.saslMechanisms=SCRAM-SHA-256`,
    );
    expect(await roundTrip(await factory.createConnection("alice", "wonder land"))).toBe("over the wire");
  });

  it("refuses a server certificate signed by an unknown CA", async () => {
    const error = await failure(new ConnectionFactory(tlsBase).createConnection("alice", "wonder land"));
    expect(error).toBeInstanceOf(ConnectionFailedException);
    expect(error.message).toMatch(/TLS handshake with amqps:\/\/127\.0\.0\.1:\d+ failed: .*certificate/);
  });

  it("refuses a certificate for another host name; transport.verifyHost=false accepts it", async () => {
    const uri = `${tlsBase}?transport.ca=${certs.caFile}&transport.servername=broker.example`;
    const error = await failure(new ConnectionFactory(uri).createConnection("alice", "wonder land"));
    expect(error).toBeInstanceOf(ConnectionFailedException);
    expect(error.message).toMatch(/broker\.example/);
    const relaxed = new ConnectionFactory(`${uri}&transport.verifyHost=false`);
    expect(await roundTrip(await relaxed.createConnection("alice", "wonder land"))).toBe("over the wire");
  });

  it("transport.trustAll=true skips certificate checks", async () => {
    const factory = new ConnectionFactory(`${tlsBase}?transport.trustAll=true`);
    expect(await roundTrip(await factory.createConnection("alice", "wonder land"))).toBe("over the wire");
  });

  it("authenticates with SASL EXTERNAL by a client certificate the broker trusts", async () => {
    const factory = new ConnectionFactory(
      `${tlsBase}?transport.ca=${certs.caFile}&transport.cert=${certs.clientCertFile}&transport.key=${certs.clientKeyFile}`,
    );
    expect(await roundTrip(await factory.createConnection())).toBe("over the wire");
  });

  it("does not offer EXTERNAL for a certificate from an untrusted CA", async () => {
    const factory = new ConnectionFactory(
      `${tlsBase}?transport.ca=${certs.caFile}&transport.cert=${certs.strangerCertFile}&transport.key=${certs.strangerKeyFile}`,
    );
    const error = await failure(factory.createConnection());
    expect(error).toBeInstanceOf(JMSSecurityException);
    expect(error.message).toMatch(/no SASL mechanism in common.*client certificate/);
  });

  it("amqps:// to a plain port fails clearly", async () => {
    const uri = `amqps://127.0.0.1:${broker.port}?transport.ca=${certs.caFile}`;
    const error = await failure(new ConnectionFactory(uri).createConnection("alice", "wonder land"));
    expect(error).toBeInstanceOf(ConnectionFailedException);
    expect(error.message).toMatch(/TLS handshake with amqps:\/\/127\.0\.0\.1:\d+ failed/);
  });

  it("a missing PEM file is named in the error", async () => {
    const factory = new ConnectionFactory(`${tlsBase}?transport.ca=/nonexistent/ca.pem`);
    const error = await failure(factory.createConnection());
    expect(isJMSException(error)).toBe(true);
    expect(error.message).toContain('transport.ca: cannot read "/nonexistent/ca.pem"');
  });
});

describe("connection URIs and metadata against the bundled broker", () => {
  let broker: Broker;
  beforeAll(async () => {
    broker = await createBroker({ port: 0 });
  });
  afterAll(() => broker.close());

  it("connects anonymously when the broker has no users", async () => {
    expect(await roundTrip(await new ConnectionFactory(broker.url).createConnection())).toBe("over the wire");
  });

  it.each([
    ["?jms.bogus=1", /unknown connection option "jms.bogus"; valid options: jms.clientID, /],
    ["?amqp.idleTimeout=soon", /amqp.idleTimeout must be a whole number of milliseconds/],
    ["?transport.verifyHost=maybe", /transport.verifyHost must be true or false/],
  ])("a bad option %s is a JMSException at construction", (query, message) => {
    expect(() => new ConnectionFactory(`${broker.url}${query}`)).toThrow(JMSException);
    expect(() => new ConnectionFactory(`${broker.url}${query}`)).toThrow(message);
  });

  it("[JMS 2.0 6.1.7] getMetaData reports JMS 2.0 and the provider", async () => {
    const connection = await new ConnectionFactory(broker.url).createConnection();
    const meta = connection.getMetaData();
    expect(meta.getJMSVersion()).toBe("2.0");
    expect([meta.getJMSMajorVersion(), meta.getJMSMinorVersion()]).toEqual([2, 0]);
    expect(meta.getJMSProviderName()).toBe("jms-ts");
    expect(meta.getProviderVersion()).toMatch(/^\d+\.\d+\.\d+/);
    expect(meta.getJMSXPropertyNames()).toContain("JMSXDeliveryCount");
    await connection.close();
    expect(() => connection.getMetaData()).toThrow(/closed/);
  });
});

describe("AMQP over WebSocket (amqpws://)", () => {
  it("connects through the bundled broker's WebSocket listener, with SCRAM", async () => {
    const broker = await createBroker({ port: 0, ws: { port: 0 }, users: USERS });
    try {
      expect(broker.wsUrl).toMatch(/^amqpws:\/\/127\.0\.0\.1:\d+$/);
      const factory = new ConnectionFactory(`${broker.wsUrl}?amqp.saslMechanisms=SCRAM-SHA-256`);
      expect(await roundTrip(await factory.createConnection("alice", "wonder land"))).toBe("over the wire");
    } finally {
      await broker.close();
    }
  });
});
