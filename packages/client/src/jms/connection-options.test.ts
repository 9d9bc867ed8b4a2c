import { describe, expect, it } from "vitest";
import { JMSException } from "../errors/jms-exception";
import { CONNECTION_OPTION_NAMES, defaultConnectionOptions, parseConnectionUri } from "./connection-options";

const jms = (query: string) => parseConnectionUri(`amqp://h?${query}`).jms;

describe("parseConnectionUri", () => {
  it("defaults to Qpid JMS's values", () => {
    const options = parseConnectionUri("amqp://localhost:5672");
    expect(options).toEqual(defaultConnectionOptions("localhost"));
    expect(options.jms.prefetchPolicy.queuePrefetch).toBe(1000);
    expect(options.jms.clientID).toBeUndefined();
    expect(options.jms.validateSelector).toBe(true);
    expect(options.jms.redeliveryPolicy).toEqual({
      maxRedeliveries: -1,
      outcome: "MODIFIED_FAILED_UNDELIVERABLE",
    });
    expect(parseConnectionUri("amqp://localhost:5672?").jms).toEqual(options.jms);
  });

  it("reads jms.clientID, jms.username and jms.password, URL-decoded", () => {
    expect(jms("jms.clientID=abc").clientID).toBe("abc");
    expect(jms("jms.clientID=a%20b%3Ac").clientID).toBe("a b:c");
    expect(jms("jms.username=u&jms.password=p%26q")).toMatchObject({ username: "u", password: "p&q" });
  });

  it("reads timeouts in ms; -1 (Qpid JMS's no limit) becomes 0", () => {
    expect(
      jms("jms.sendTimeout=5&jms.requestTimeout=-1&jms.closeTimeout=7&jms.connectTimeout=8"),
    ).toMatchObject({ sendTimeout: 5, requestTimeout: 0, closeTimeout: 7, connectTimeout: 8 });
  });

  it("reads booleans case-insensitively", () => {
    expect(
      jms("jms.forceAsyncSend=TRUE&jms.populateJMSXUserID=true&jms.validateSelector=false"),
    ).toMatchObject({ forceAsyncSend: true, populateJMSXUserID: true, validateSelector: false });
  });

  it("jms.prefetchPolicy.all sets every kind; a specific one overrides it", () => {
    expect(jms("jms.prefetchPolicy.all=7&jms.prefetchPolicy.topicPrefetch=3").prefetchPolicy).toEqual({
      queuePrefetch: 7,
      topicPrefetch: 3,
      queueBrowserPrefetch: 7,
      durableTopicPrefetch: 7,
    });
    expect(jms("jms.prefetchPolicy.queuePrefetch=0").prefetchPolicy.queuePrefetch).toBe(0);
    expect(jms("jms.prefetchPolicy.all=32767").prefetchPolicy.topicPrefetch).toBe(32767);
  });

  it("jms.consumerWindowBytes: 2 MiB by default, 0 turns the byte bound off", () => {
    expect(jms("").consumerWindowBytes).toBe(2 * 1024 * 1024);
    expect(jms("jms.consumerWindowBytes=262144").consumerWindowBytes).toBe(262144);
    expect(jms("jms.consumerWindowBytes=0").consumerWindowBytes).toBe(0);
  });

  it("reads the redelivery and presettle policies", () => {
    const options = jms(
      "jms.redeliveryPolicy.maxRedeliveries=3&jms.redeliveryPolicy.outcome=rejected&jms.presettlePolicy.presettleConsumers=true",
    );
    expect(options.redeliveryPolicy).toEqual({ maxRedeliveries: 3, outcome: "REJECTED" });
    expect(options.presettlePolicy.presettleConsumers).toBe(true);
    expect(options.presettlePolicy.presettleAll).toBe(false);
  });

  it("reads amqp.* and transport.* options", () => {
    const options = parseConnectionUri(
      "amqps://h:1?amqp.idleTimeout=0&amqp.maxFrameSize=512&amqp.saslMechanisms=plain,SCRAM-SHA-256&amqp.vhost=" +
        "&amqp.drainTimeout=250" +
        "&transport.tcpNoDelay=false&transport.connectTimeout=9&transport.ca=/ca.pem&transport.cert=/c.pem" +
        "&transport.key=/k.pem&transport.keyPassphrase=x&transport.verifyHost=false&transport.trustAll=true&transport.servername=sni",
    );
    expect(options.amqp).toEqual({
      idleTimeout: 0,
      maxFrameSize: 512,
      saslMechanisms: ["PLAIN", "SCRAM-SHA-256"],
      vhost: undefined,
      drainTimeout: 250,
    });
    expect(options.transport).toEqual({
      tcpNoDelay: false,
      connectTimeout: 9,
      ca: "/ca.pem",
      cert: "/c.pem",
      key: "/k.pem",
      keyPassphrase: "x",
      verifyHost: false,
      trustAll: true,
      servername: "sni",
    });
  });

  it.each([
    [
      "jms.prefetchPolicy.all=32768",
      'jms.prefetchPolicy.all must be an integer from 0 to 32767, got "32768"',
    ],
    ["jms.prefetchPolicy.all=-1", "from 0 to 32767"],
    ["jms.prefetchPolicy.all=1.5", "from 0 to 32767"],
    ["jms.prefetchPolicy.all=", "from 0 to 32767"],
    [
      "jms.sendTimeout=soon",
      'jms.sendTimeout must be a whole number of milliseconds (or -1 for no limit), got "soon"',
    ],
    ["jms.forceSyncSend=yes", 'jms.forceSyncSend must be true or false, got "yes"'],
    ["jms.redeliveryPolicy.outcome=DROP", "jms.redeliveryPolicy.outcome must be one of ACCEPTED, REJECTED"],
    ["jms.redeliveryPolicy.maxRedeliveries=-2", "from -1 to"],
    ["jms.consumerWindowBytes=-1", "jms.consumerWindowBytes must be an integer from 0 to"],
    ["amqp.maxFrameSize=100", "amqp.maxFrameSize must be an integer from 512"],
    ["amqp.saslMechanisms=PLAIN,GSSAPI", 'unknown mechanism "GSSAPI"; supported: EXTERNAL, SCRAM-SHA-512'],
    ["jms.forceSyncSend=true&jms.forceAsyncSend=true", "cannot both be true"],
  ])("rejects the malformed %s, saying what is allowed", (query, message) => {
    expect(() => jms(query)).toThrow(JMSException);
    expect(() => jms(query)).toThrow(message);
  });

  it("rejects an unknown option, listing every valid one", () => {
    expect(() => jms("jms.clientId=abc")).toThrow(JMSException);
    expect(() => jms("jms.clientId=abc")).toThrow(
      `unknown connection option "jms.clientId"; valid options: ${CONNECTION_OPTION_NAMES.join(", ")}`,
    );
    expect(CONNECTION_OPTION_NAMES).toContain("transport.verifyHost");
  });

  it.each([
    ["ftp://h", 'scheme "ftp" is not supported; use amqp, amqps, amqpws or amqpwss'],
    ["localhost:5672", 'scheme "localhost"'],
    ["nonsense", "expected amqp://host[:port][?options]"],
    ["amqp://u:secret@h", "user-info in the URI is not supported"],
  ])("rejects the URI %s", (uri, message) => {
    expect(() => parseConnectionUri(uri)).toThrow(message);
  });

  it("never echoes a password in an error", () => {
    expect(() => parseConnectionUri("amqp://h?jms.password=hunter2&bogus=1")).toThrow(/jms\.password=\*\*\*/);
    expect(() => parseConnectionUri("amqp://h?jms.password=hunter2&bogus=1")).not.toThrow(/hunter2/);
    expect(() => parseConnectionUri("amqp://u:hunter2@h")).not.toThrow(/hunter2/);
  });
});
