import { describe, expect, it } from "vitest";
import { ProviderError } from "../provider-error";
import { parseAmqpUri } from "./amqp-uri";

describe("parseAmqpUri", () => {
  it("reads host and port with Qpid JMS's defaults", () => {
    expect(parseAmqpUri("amqp://127.0.0.1:5673")).toEqual({
      host: "127.0.0.1",
      port: 5673,
      idleTimeoutMs: 60_000,
      connectTimeoutMs: 15_000,
      vhost: "127.0.0.1",
    });
    expect(parseAmqpUri("amqp://broker.example").port).toBe(5672);
  });

  it("reads options and ignores jms.* ones", () => {
    const uri = parseAmqpUri(
      "amqp://[::1]:1?amqp.idleTimeout=0&jms.clientID=x&amqp.vhost=v&transport.connectTimeout=5",
    );
    expect(uri).toMatchObject({ host: "::1", idleTimeoutMs: 0, connectTimeoutMs: 5, vhost: "v" });
  });

  it.each([
    ["not a uri", /expected amqp/],
    ["http://host:1", /scheme "http"/],
    ["amqp://host?amqp.idleTimeout=soon", /whole number/],
    ["amqp://host?amqp.bogus=1", /unknown option "amqp.bogus"/],
  ])("rejects %s with a clear message", (uri, message) => {
    expect(() => parseAmqpUri(uri)).toThrow(ProviderError);
    expect(() => parseAmqpUri(uri)).toThrow(message);
  });
});
