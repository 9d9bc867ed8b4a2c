import { describe, expect, it } from "vitest";
import { JMSException } from "../errors/jms-exception";
import { parseJmsOptions } from "./connection-options";

describe("parseJmsOptions", () => {
  it("defaults to prefetch 1000 and no ClientID", () => {
    expect(parseJmsOptions("amqp://localhost:5672")).toEqual({ prefetch: 1000 });
    expect(parseJmsOptions("amqp://localhost:5672?")).toEqual({ prefetch: 1000 });
  });

  it("reads jms.clientID, URL-decoded", () => {
    expect(parseJmsOptions("amqp://h?jms.clientID=abc")).toEqual({ prefetch: 1000, clientID: "abc" });
    expect(parseJmsOptions("amqp://h?jms.clientID=a%20b%3Ac").clientID).toBe("a b:c");
  });

  it("reads jms.prefetchPolicy.all and jms.prefetchPolicy.queuePrefetch", () => {
    expect(parseJmsOptions("amqp://h?jms.prefetchPolicy.all=7").prefetch).toBe(7);
    expect(parseJmsOptions("amqp://h?jms.prefetchPolicy.queuePrefetch=12").prefetch).toBe(12);
  });

  it("accepts the prefetch bounds 1 and 32767", () => {
    expect(parseJmsOptions("amqp://h?jms.prefetchPolicy.all=1").prefetch).toBe(1);
    expect(parseJmsOptions("amqp://h?jms.prefetchPolicy.all=32767").prefetch).toBe(32767);
  });

  it.each(["0", "32768", "-1", "1.5", "abc", "", "1e3"])(
    "rejects prefetch %j, saying what is allowed",
    (value) => {
      const uri = `amqp://h?jms.prefetchPolicy.all=${value}`;
      expect(() => parseJmsOptions(uri)).toThrow(JMSException);
      expect(() => parseJmsOptions(uri)).toThrow(
        `jms.prefetchPolicy.all must be an integer from 1 to 32767, got "${value}"`,
      );
    },
  );

  it("rejects an unknown jms.* option, listing the supported ones", () => {
    expect(() => parseJmsOptions("amqp://h?jms.clientId=abc")).toThrow(JMSException);
    expect(() => parseJmsOptions("amqp://h?jms.clientId=abc")).toThrow(
      'unknown connection option "jms.clientId"; supported: jms.clientID, jms.prefetchPolicy.all, jms.prefetchPolicy.queuePrefetch',
    );
  });

  it("leaves other prefixes to the provider", () => {
    expect(
      parseJmsOptions("amqp://h?amqp.idleTimeout=1000&transport.connectTimeout=5&jms.clientID=x"),
    ).toEqual({
      prefetch: 1000,
      clientID: "x",
    });
  });
});
