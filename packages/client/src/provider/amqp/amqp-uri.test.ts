import { describe, expect, it } from "vitest";
import { ProviderError } from "../provider-error";
import { describeEndpoint, parseAmqpUri } from "./amqp-uri";

describe("parseAmqpUri", () => {
  it("reads host and port with Qpid JMS's defaults", () => {
    const uri = parseAmqpUri("amqp://127.0.0.1:5673");
    expect(uri).toMatchObject({ scheme: "amqp", host: "127.0.0.1", port: 5673 });
    expect(uri.amqp).toMatchObject({ idleTimeout: 60_000, maxFrameSize: 1048576, vhost: "127.0.0.1" });
    expect(uri.transport).toMatchObject({ connectTimeout: 60_000, tcpNoDelay: true });
    expect(parseAmqpUri("amqp://broker.example").port).toBe(5672);
  });

  it.each([
    ["amqps://h", 5671],
    ["amqpws://h", 80],
    ["amqpwss://h", 443],
  ])("%s defaults to port %d", (uri, port) => {
    expect(parseAmqpUri(uri).port).toBe(port);
  });

  it("reads options, IPv6 hosts included", () => {
    const uri = parseAmqpUri(
      "amqp://[::1]:1?amqp.idleTimeout=0&jms.clientID=x&amqp.vhost=v&transport.connectTimeout=5",
    );
    expect(uri).toMatchObject({ host: "::1", amqp: { idleTimeout: 0, vhost: "v" } });
    expect(uri.transport.connectTimeout).toBe(5);
    expect(describeEndpoint(uri)).toBe("amqp://[::1]:1");
  });

  it.each([
    ["not a uri", /expected amqp/],
    ["http://host:1", /scheme "http"/],
    ["amqp://host?amqp.idleTimeout=soon", /whole number/],
    ["amqp://host?amqp.bogus=1", /unknown connection option "amqp.bogus"/],
  ])("rejects %s with a ProviderError saying why", (uri, message) => {
    expect(() => parseAmqpUri(uri)).toThrow(ProviderError);
    expect(() => parseAmqpUri(uri)).toThrow(message);
  });
});
