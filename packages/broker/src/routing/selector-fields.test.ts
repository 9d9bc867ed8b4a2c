import { amqp, encodeMessage } from "@jms-ts/codec";
import { describe, expect, it } from "vitest";
import { parsePublishedMessage } from "./published-message";
import { selectorLookup, selectorValue } from "./selector-fields";
import { testMessage } from "./test-message";

const NOW = 1_700_000_000_000;

function published(sections: Parameters<typeof encodeMessage>[0]) {
  return parsePublishedMessage(encodeMessage(sections), {}, NOW);
}

describe("selector identifiers over a published message [JMS 2.0 3.8.1.1]", () => {
  it("[qpid-jms 2.4] maps the JMS headers to the AMQP fields Qpid JMS writes", () => {
    const message = published({
      header: { durable: true, priority: 7 },
      properties: {
        messageId: amqp.string("ID:m:1:1:1-1"),
        correlationId: amqp.string("corr"),
        subject: "order",
        creationTime: NOW - 5,
        absoluteExpiryTime: NOW + 60_000,
        groupId: "g",
        groupSequence: 3,
        userId: Buffer.from("émile", "utf8"),
      },
    });
    const lookup = selectorLookup(message);
    expect(lookup("JMSMessageID")).toBe("ID:m:1:1:1-1");
    expect(lookup("JMSCorrelationID")).toBe("corr");
    expect(lookup("JMSType")).toBe("order");
    expect(lookup("JMSPriority")).toBe(7);
    expect(lookup("JMSDeliveryMode")).toBe("PERSISTENT");
    expect(lookup("JMSTimestamp")).toBe(NOW - 5);
    expect(lookup("JMSExpiration")).toBe(NOW + 60_000);
    expect(lookup("JMSRedelivered")).toBe(false);
    expect(lookup("JMSXDeliveryCount")).toBe(1);
    expect(lookup("JMSXGroupID")).toBe("g");
    expect(lookup("JMSXGroupSeq")).toBe(3);
    expect(lookup("JMSXUserID")).toBe("émile");
  });

  it("defaults: NON_PERSISTENT, priority 4, timestamp and expiration 0, the absent ones NULL", () => {
    const lookup = selectorLookup(published({}));
    expect(lookup("JMSDeliveryMode")).toBe("NON_PERSISTENT");
    expect(lookup("JMSPriority")).toBe(4);
    expect(lookup("JMSTimestamp")).toBe(0);
    expect(lookup("JMSExpiration")).toBe(0);
    for (const name of [
      "JMSMessageID",
      "JMSCorrelationID",
      "JMSType",
      "JMSXGroupID",
      "JMSXGroupSeq",
      "JMSXUserID",
    ]) {
      expect(lookup(name), name).toBeNull();
    }
  });

  it("[qpid-jms 2.5] JMSMessageID and JMSCorrelationID are the strings the application reads", () => {
    const lookup = selectorLookup(
      published({ properties: { messageId: amqp.ulong(9n), correlationId: amqp.string("ID:AMQP_ULONG:1") } }),
    );
    expect(lookup("JMSMessageID")).toBe("ID:AMQP_ULONG:9");
    expect(lookup("JMSCorrelationID")).toBe("ID:AMQP_STRING:ID:AMQP_ULONG:1");
  });

  it("[JMS 2.0 3.5.11] JMSRedelivered and JMSXDeliveryCount follow the queue's count, else the producer's header", () => {
    const message = published({ header: { deliveryCount: 2 } });
    expect(selectorValue(message, 0, "JMSXDeliveryCount")).toBe(3);
    expect(selectorValue(message, 0, "JMSRedelivered")).toBe(true);
    expect(selectorValue(message, 5, "JMSXDeliveryCount")).toBe(6);
    const fresh = published({});
    expect(selectorValue(fresh, 1, "JMSRedelivered")).toBe(true);
  });

  it("[AMQP 3.2.5] application properties keep their type: a long is a bigint, absent ones undefined", () => {
    const message = published({
      applicationProperties: [
        ["color", amqp.string("red")],
        ["n", amqp.int(3)],
        ["big", amqp.long(2n ** 60n)],
        ["ok", amqp.boolean(true)],
        ["d", amqp.double(1.5)],
      ],
    });
    const lookup = selectorLookup(message);
    expect(lookup("color")).toBe("red");
    expect(lookup("n")).toBe(3);
    expect(lookup("big")).toBe(2n ** 60n);
    expect(lookup("ok")).toBe(true);
    expect(lookup("d")).toBe(1.5);
    expect(lookup("missing")).toBeUndefined();
  });

  it("reads the header of a message whose bytes do not decode as NULL rather than failing", () => {
    const lookup = selectorLookup(testMessage({ bytes: Buffer.from([0xff, 0x00]) }));
    expect(lookup("JMSMessageID")).toBeNull();
    expect(lookup("JMSXDeliveryCount")).toBe(1);
  });
});
