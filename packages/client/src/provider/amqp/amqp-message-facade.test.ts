import { amqp } from "@jms-ts/codec";
import { describe, expect, it } from "vitest";
import { Message } from "../../message/message";
import { AmqpMessageFacade } from "./amqp-message-facade";

describe("[qpid-jms 2.4] AMQP placement of properties", () => {
  it("puts JMSXGroupID, JMSXGroupSeq and JMSXUserID in the properties section, not application-properties", () => {
    const facade = new AmqpMessageFacade();
    const message = new Message(facade);
    message.setStringProperty("JMSXGroupID", "g");
    message.setIntProperty("JMSXGroupSeq", 9);
    message.setStringProperty("JMSXUserID", "alice");
    expect(facade.sections.properties).toMatchObject({
      groupId: "g",
      groupSequence: 9,
      userId: Buffer.from("alice"),
    });
    expect(facade.sections.applicationProperties).toBeUndefined();
  });

  it("writes each JMS property type as its own AMQP type", () => {
    const facade = new AmqpMessageFacade();
    const message = new Message(facade);
    message.setByteProperty("y", 1);
    message.setShortProperty("h", 2);
    message.setIntProperty("i", 3);
    message.setLongProperty("l", 4n);
    message.setFloatProperty("f", 0.5);
    message.setDoubleProperty("d", 0.25);
    message.setBooleanProperty("b", true);
    message.setStringProperty("s", "x");
    expect(facade.sections.applicationProperties).toEqual([
      ["y", amqp.byte(1)],
      ["h", amqp.short(2)],
      ["i", amqp.int(3)],
      ["l", amqp.long(4n)],
      ["f", amqp.float(0.5)],
      ["d", amqp.double(0.25)],
      ["b", amqp.boolean(true)],
      ["s", amqp.string("x")],
    ]);
  });

  it("reads non-JMS AMQP types as the nearest JMS type and hides the rest", () => {
    const facade = new AmqpMessageFacade({
      applicationProperties: [
        ["ub", amqp.ubyte(200)],
        ["ui", amqp.uint(4000000000)],
        ["sym", amqp.symbol("s")],
        ["bin", amqp.binary(Buffer.from([1]))],
      ],
    });
    const message = new Message(facade);
    expect(message.getShortProperty("ub")).toBe(200);
    expect(message.getLongProperty("ui")).toBe(4000000000n);
    expect(message.getStringProperty("sym")).toBe("s");
    expect(message.propertyExists("bin")).toBe(false);
    expect(message.getPropertyNames()).toEqual(["ub", "ui", "sym", "JMSXDeliveryCount"]);
  });
});
