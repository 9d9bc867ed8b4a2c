import { amqp } from "@jms-ts/codec";
import { describe, expect, it } from "vitest";
import { jmsCorrelationId, jmsMessageId } from "./jms-message-id";

const UUID = "0f8fad5b-d9cb-469f-a165-70867728950e";

describe("JMSMessageID and JMSCorrelationID as Qpid JMS shows them [qpid-jms 2.5]", () => {
  it("a string starting ID: is shown as sent, both ways", () => {
    expect(jmsMessageId(amqp.string("ID:abc:1:1:1-1"))).toBe("ID:abc:1:1:1-1");
    expect(jmsCorrelationId(amqp.string("ID:abc"))).toBe("ID:abc");
  });

  it("a string without ID: is marked AMQP_NO_PREFIX as a message id, an application value as a correlation id", () => {
    expect(jmsMessageId(amqp.string("abc"))).toBe("ID:AMQP_NO_PREFIX:abc");
    expect(jmsCorrelationId(amqp.string("abc"))).toBe("abc");
  });

  it("a string that looks encoded is escaped with AMQP_STRING", () => {
    expect(jmsMessageId(amqp.string("ID:AMQP_UUID:x"))).toBe("ID:AMQP_STRING:ID:AMQP_UUID:x");
    expect(jmsCorrelationId(amqp.string("ID:AMQP_NO_PREFIX:x"))).toBe("ID:AMQP_STRING:ID:AMQP_NO_PREFIX:x");
  });

  it("uuid, ulong and binary ids carry their type", () => {
    expect(jmsMessageId(amqp.uuid(UUID))).toBe(`ID:AMQP_UUID:${UUID}`);
    expect(jmsCorrelationId(amqp.ulong(42n))).toBe("ID:AMQP_ULONG:42");
    expect(jmsMessageId(amqp.binary(Buffer.from([0x0a, 0xff])))).toBe("ID:AMQP_BINARY:0AFF");
  });

  it("no id is null", () => {
    expect(jmsMessageId(undefined)).toBeNull();
    expect(jmsCorrelationId({ type: "null" })).toBeNull();
  });
});
